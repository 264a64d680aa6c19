# Sourced by scripts/autoops and scripts/autoops-submit.
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
