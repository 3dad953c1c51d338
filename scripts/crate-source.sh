# Sourced by scripts that need a published crate's source.
#   unpack_crate NAME VERSION [SHA256]
# unpacks it into a new temp dir and prints its path; with SHA256 (the lockfile's checksum of
# the .crate), only when the download is that one. `cargo info` is the offline-friendly way to
# make cargo download a .crate into its cache. It runs outside this project, whose [patch]
# would otherwise answer for a patched crate.
unpack_crate() {
  local name=$1 version=$2 sha256=${3:-} dir crate
  dir=$(mktemp -d)
  (cd "$dir" && cargo info --quiet "$name@$version" >/dev/null)
  crate=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "$name-$version.crate" | head -n1)
  [ -n "$crate" ] || { echo "could not fetch $name $version from crates.io" >&2; exit 1; }
  [ -z "$sha256" ] || echo "$sha256  $crate" | sha256sum --check --quiet >&2 || exit 1
  tar -xzf "$crate" -C "$dir"
  echo "$dir/$name-$version"
}
