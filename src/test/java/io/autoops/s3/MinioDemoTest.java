package io.autoops.s3;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link S3DemoContract} against MinIO in Docker. Skipped (not failed) where no Docker engine runs,
 * as on the build machine this was written on; the container's port is published on the Docker
 * host, which Testcontainers reaches through its own host address.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioDemoTest extends S3DemoContract {
  private static final String BUCKET = S3Store.uniqueBucket("minio");

  @Container
  private static final MinIOContainer MINIO =
      new MinIOContainer("minio/minio:RELEASE.2025-02-28T09-55-16Z");

  @Override
  S3Store store() {
    return new S3Store() {
      @Override
      public String endpoint() {
        return MINIO.getS3URL();
      }

      @Override
      public String accessKey() {
        return MINIO.getUserName();
      }

      @Override
      public String secretKey() {
        return MINIO.getPassword();
      }
    };
  }

  @Override
  String bucket() {
    return BUCKET;
  }
}
