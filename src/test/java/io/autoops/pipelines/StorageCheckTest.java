package io.autoops.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The messages {@link StorageCheck} gives for store failures, without a server: the endpoint S3A
 * would use for a bucket, and the one-line explanation of each kind of failure. The same failures
 * from a real server are in {@code io.autoops.s3.S3ErrorsTest}.
 */
class StorageCheckTest {
  @Test
  void endpointOfABucketPrefersItsOwnSetting() {
    Configuration hadoop = new Configuration(false);
    assertThat(StorageCheck.s3aEndpoint(hadoop, "logs")).isEqualTo("(AWS default)");

    hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    assertThat(StorageCheck.s3aEndpoint(hadoop, "logs")).isEqualTo("http://127.0.0.1:9000");

    hadoop.set("fs.s3a.bucket.logs.endpoint", " http://127.0.0.1:9001 ");
    assertThat(StorageCheck.s3aEndpoint(hadoop, "logs")).isEqualTo("http://127.0.0.1:9001");
    assertThat(StorageCheck.s3aEndpoint(hadoop, "other")).isEqualTo("http://127.0.0.1:9000");

    hadoop.set("fs.s3a.endpoint", "http://AKEY:planted-secret@127.0.0.1:9000/");
    assertThat(StorageCheck.s3aEndpoint(hadoop, "other")).isEqualTo("http://127.0.0.1:9000/");
  }

  @Test
  void refusedConnectionDeepInTheChainIsNamed() {
    Configuration hadoop = new Configuration(false);
    hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    IOException wrapped =
        new IOException("getFileStatus", new RuntimeException(new ConnectException("refused")));

    AutoopsException e =
        StorageCheck.explain(
            hadoop, "Warehouse", "s3a://logs/wh", "spark.autoops.warehouse", wrapped);

    assertThat(e)
        .hasMessage(
            "Warehouse s3a://logs/wh: cannot connect to bucket 'logs' at endpoint"
                + " http://127.0.0.1:9000 (refused): check that the store is running and reachable,"
                + " and the endpoint (spark.hadoop.fs.s3a.endpoint or"
                + " spark.hadoop.fs.s3a.bucket.logs.endpoint).")
        .hasCause(wrapped);
  }

  @Test
  void otherFailuresKeepTheirFirstLineAndNameTheSetting() {
    AutoopsException e =
        StorageCheck.explain(
            new Configuration(false),
            "Input path",
            "hdfs://nn:8020/logs",
            "",
            new IOException("Server busy\nsecond line"));

    assertThat(e)
        .hasMessage(
            "Input path hdfs://nn:8020/logs: cannot be read from store hdfs://nn:8020 (IOException:"
                + " Server busy): check the path and the store's settings (spark.hadoop.fs.*).");
  }

  @Test
  void anEndpointWithoutSchemeIsPointedOut() {
    Configuration hadoop = new Configuration(false);
    hadoop.set("fs.s3a.endpoint", "127.0.0.1:9000");

    AutoopsException e =
        StorageCheck.explain(
            hadoop,
            "Warehouse",
            "s3a://logs/wh",
            "spark.autoops.warehouse",
            new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"));

    assertThat(e)
        .hasMessage(
            "Warehouse s3a://logs/wh: cannot be read from bucket 'logs' at endpoint 127.0.0.1:9000"
                + " (SSLException: Unsupported or unrecognized SSL message): check"
                + " spark.autoops.warehouse and the store's settings (spark.hadoop.fs.*); an"
                + " endpoint without http:// or https:// is taken as https.");
  }
}
