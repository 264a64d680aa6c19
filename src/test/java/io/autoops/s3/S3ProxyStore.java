package io.autoops.s3;

import java.net.URI;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server in the test JVM: s3proxy over jclouds' in-memory {@code transient} blob store,
 * listening on 127.0.0.1 at a free port, with fresh random credentials. Start one per test class
 * ({@code @BeforeAll}) and close it in {@code @AfterAll}.
 */
public final class S3ProxyStore implements S3Store, AutoCloseable {
  private static final long START_TIMEOUT_MS = 30_000;

  private final S3Proxy proxy;
  private final BlobStoreContext blobs;
  private final String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final String secretKey = UUID.randomUUID().toString();

  private S3ProxyStore() throws Exception {
    blobs =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
  }

  /** Starts a server and waits (bounded) until it accepts requests. */
  public static S3ProxyStore start() throws Exception {
    S3ProxyStore store = new S3ProxyStore();
    store.proxy.start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!"STARTED".equals(store.proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        store.close();
        throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT_MS + " ms");
      }
      Thread.sleep(10);
    }
    return store;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  @Override
  public String accessKey() {
    return accessKey;
  }

  @Override
  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      blobs.close();
    }
  }
}
