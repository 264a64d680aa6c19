# Sourced by scripts/autoops and scripts/autoops-submit: what both launchers share.

# The module flags Spark's own launcher adds on Java 17 (see shared STACK.md; pom.xml's
# spark.test.jvm.flags are the same for the tests).
JAVA17_FLAGS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
--enable-native-access=ALL-UNNAMED"

# profile_file PROFILE CONF_DIR prints the file of a configuration profile: PROFILE is a name in
# CONF_DIR (local, cluster; with or without .conf) or the path of a file of your own.
profile_file() {
  local profile="$1" conf_dir="$2"
  if [[ "$profile" != */* && -f "$conf_dir/${profile%.conf}.conf" ]]; then
    echo "$conf_dir/${profile%.conf}.conf"
  else
    echo "$profile"
  fi
}

# require_profile PROFILE FILE exits with one line naming the fix when FILE is not a file.
require_profile() {
  if [[ ! -f "$2" ]]; then
    echo "autoops: profile '$1' not found: it is neither a profile in conf/ nor a file; set AUTOOPS_PROFILE to local, cluster or the path of a profile file." >&2
    exit 1
  fi
}
