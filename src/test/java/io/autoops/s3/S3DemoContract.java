package io.autoops.s3;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.demo.DemoExpectations;
import io.autoops.pipelines.Tables;
import io.autoops.transforms.Columns;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole demo with the warehouse and the inputs in an S3 bucket: the shipped samples are
 * uploaded to {@code s3a://<bucket>/samples}, {@code autoops demo} runs through the CLI with only
 * {@code --conf spark.hadoop.fs.s3a.bucket.<bucket>.*} settings pointing S3A at the server, and
 * every figure must equal the local-disk run's ({@link DemoExpectations}). Subclasses provide the
 * server: s3proxy in this JVM, or MinIO in Docker. The second, no-change run is left to {@code
 * DemoTest} on local disk: one demo run is what the test-time budget affords here.
 */
abstract class S3DemoContract {
  /** The server this class runs against, started once per class. */
  abstract S3Store store();

  /** A bucket name of this class (one per class: Hadoop caches a file system per bucket). */
  abstract String bucket();

  @Test
  void demoOnS3MatchesTheLocalRun() throws Exception {
    S3Store store = store();
    store.createBucket(bucket());
    String root = "s3a://" + bucket();
    store.upload(TestSpark.projectDir().resolve("samples"), root + "/samples");
    Map<String, String> s3a = store.s3aSettings(bucket());
    String warehouse = root + "/wh";

    String first = DemoExpectations.runDemo(warehouse, root + "/samples", S3Store.cliConf(s3a));

    DemoExpectations.assertFirstRunLines(first);
    DemoExpectations.assertFirstRunTables(warehouse);
    assertThat(first.lines().toList().get(0))
        .as("the ingest line names the events table in the bucket")
        .contains(warehouse + "/silver/events");
    assertThat(first).doesNotContain(store.secretKey());
    assertThat(
            TestSpark.session()
                .read()
                .format("delta")
                .load(warehouse + "/" + Tables.EVENTS)
                .where(not(col(Columns.SOURCE).startsWith(root + "/samples/")))
                .count())
        .as("every event was read from the bucket")
        .isZero();
  }
}
