# Sourced by scripts that need a published crate's source.
#   unpack_crate NAME VERSION [SHA256]
# unpacks NAME VERSION's .crate into a new temp dir and prints the source's path; with SHA256,
# only when the .crate has that checksum. It fails (exits) with a message otherwise.
unpack_crate() {
  local name=$1 version=$2 sha256=${3:-} crate dir
  find_crate() { find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "$name-$version.crate" 2>/dev/null | head -n1; }
  crate=$(find_crate)
  if [ -z "$crate" ]; then
    # `cargo info` is the offline-friendly way to make cargo download a .crate into its cache.
    # It runs outside this project, whose [patch] would otherwise answer for a patched crate.
    (cd / && cargo info --quiet "$name@$version" >/dev/null) || true
    crate=$(find_crate)
  fi
  [ -n "$crate" ] || { echo "could not fetch $name $version from crates.io" >&2; exit 1; }
  if [ -n "$sha256" ] && ! echo "$sha256  $crate" | sha256sum --check --quiet >&2; then
    echo "$crate is not the $name $version this project was made with (SHA-256 $sha256)" >&2
    exit 1
  fi
  dir=$(mktemp -d)
  tar -xzf "$crate" -C "$dir" || { rm -rf "$dir"; echo "cannot unpack $crate" >&2; exit 1; }
  echo "$dir/$name-$version"
}
