package io.autoops.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link S3DemoContract} against s3proxy in this JVM (always runs). */
class S3ProxyDemoTest extends S3DemoContract {
  private static S3ProxyStore server;
  private static final String BUCKET = S3Store.uniqueBucket("demo");

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyStore.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  S3Store store() {
    return server;
  }

  @Override
  String bucket() {
    return BUCKET;
  }
}
