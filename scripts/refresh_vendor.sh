#!/usr/bin/env bash
# Refresh the vendored front-end assets in boligsosial/core/static/vendor/.
#
# Downloads pinned npm tarballs with `npm pack` into a temporary directory
# (never into the repo), copies only the files the site serves, writes a small
# local font-fallback shim and regenerates VERSIONS.md (with SHA-256 sums).
# The output is deterministic: re-running with the same versions gives
# byte-identical files.
#
# Usage:  scripts/refresh_vendor.sh
#         DS_CSS_VERSION=1.23.0 scripts/refresh_vendor.sh   # try another pin
# After bumping a version, update the <link>/<script> paths in base.html.
set -euo pipefail

# --- Pinned versions (edit here) ---------------------------------------------
DS_CSS_VERSION="${DS_CSS_VERSION:-1.22.0}"     # @digdir/designsystemet-css (latest 1.x)
DS_THEME_VERSION="${DS_THEME_VERSION:-1.11.0}" # @digdir/designsystemet-theme (latest 1.x)
DS_THEME_NAME="${DS_THEME_NAME:-digdir}"       # brand/<name>.css in the theme package
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"         # htmx.org (latest 2.x)
# -----------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/boligsosial/core/static/vendor"
DS_DIR="$VENDOR/designsystemet"
HTMX_DIR="$VENDOR/htmx"

CSS_DEST="$DS_DIR/designsystemet-css-$DS_CSS_VERSION"
THEME_DEST="$DS_DIR/designsystemet-theme-$DS_THEME_VERSION"
HTMX_FILE="htmx-$HTMX_VERSION.min.js"
FONT_SHIM="$DS_DIR/system-font-fallback.css"

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

TMP="$(mktemp -d "${TMPDIR:-/tmp}/boligsosial-vendor.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# fetch <npm spec> <key>: npm pack into $TMP, extract to $TMP/<key>/package,
# and store the tarball integrity in LAST_INTEGRITY (bash 3 compatible: no assoc arrays).
fetch() {
  local spec="$1" key="$2" json tarball
  echo "Fetching $spec" >&2
  json="$(cd "$TMP" && npm pack --json --silent "$spec")"
  tarball="$(node -e 'const j=JSON.parse(process.argv[1]);process.stdout.write(j[0].filename)' "$json")"
  LAST_INTEGRITY="$(node -e 'const j=JSON.parse(process.argv[1]);process.stdout.write(j[0].integrity)' "$json")"
  mkdir -p "$TMP/$key"
  tar -xzf "$TMP/$tarball" -C "$TMP/$key"
}

# check_version <package dir> <expected version>
check_version() {
  local got
  got="$(node -p 'require(process.argv[1]).version' "$1/package.json")"
  [[ "$got" == "$2" ]] || { echo "Version mismatch in $1: got $got, want $2" >&2; exit 1; }
}

# licence <package dir>: SPDX id from package.json
licence() { node -p 'require(process.argv[1]).license' "$1/package.json"; }

fetch "@digdir/designsystemet-css@$DS_CSS_VERSION" css;      CSS_INTEGRITY="$LAST_INTEGRITY"
fetch "@digdir/designsystemet-theme@$DS_THEME_VERSION" theme; THEME_INTEGRITY="$LAST_INTEGRITY"
fetch "htmx.org@$HTMX_VERSION" htmx;                        HTMX_INTEGRITY="$LAST_INTEGRITY"

CSS_PKG="$TMP/css/package"
THEME_PKG="$TMP/theme/package"
HTMX_PKG="$TMP/htmx/package"
check_version "$CSS_PKG" "$DS_CSS_VERSION"
check_version "$THEME_PKG" "$DS_THEME_VERSION"
check_version "$HTMX_PKG" "$HTMX_VERSION"

CSS_SRC="$CSS_PKG/dist/src/index.css"            # package.json "browser"/"." export
THEME_SRC="$THEME_PKG/brand/$DS_THEME_NAME.css"
HTMX_SRC="$HTMX_PKG/dist/htmx.min.js"
for f in "$CSS_SRC" "$CSS_PKG/LICENSE" "$THEME_SRC" "$THEME_PKG/LICENSE" "$HTMX_SRC" "$HTMX_PKG/LICENSE"; do
  [[ -s "$f" ]] || { echo "Missing expected file: $f" >&2; exit 1; }
done

# Sanity: the bundled CSS must contain the component classes we rely on and
# must not pull anything in from elsewhere (@import or remote url()).
for cls in ds-button ds-field ds-input ds-label ds-validation-message ds-table ds-alert \
           ds-heading ds-paragraph ds-link ds-tag ds-card ds-skip-link ds-details \
           ds-tabs ds-chip ds-badge ds-list ds-pagination ds-fieldset; do
  grep -q "\.$cls\b" "$CSS_SRC" || { echo "index.css lacks .$cls" >&2; exit 1; }
done
if grep -Eq '@import|url\(["'"'"']?(https?:)?//' "$CSS_SRC" "$THEME_SRC"; then
  echo "Vendored CSS references external resources; review before vendoring" >&2; exit 1
fi

# --- Copy (remove previously vendored versions first) ------------------------
mkdir -p "$DS_DIR" "$HTMX_DIR"
find "$DS_DIR" -mindepth 1 -maxdepth 1 -type d \
  \( -name 'designsystemet-css-*' -o -name 'designsystemet-theme-*' \) -exec rm -rf {} +
find "$HTMX_DIR" -mindepth 1 -maxdepth 1 -type f -name 'htmx-*.min.js' -delete
mkdir -p "$CSS_DEST" "$THEME_DEST"

cp "$CSS_SRC" "$CSS_DEST/index.css"
cp "$CSS_PKG/LICENSE" "$CSS_PKG/package.json" "$CSS_DEST/"
cp "$THEME_SRC" "$THEME_DEST/$DS_THEME_NAME.css"
cp "$THEME_PKG/LICENSE" "$THEME_PKG/package.json" "$THEME_DEST/"
cp "$HTMX_SRC" "$HTMX_DIR/$HTMX_FILE"
cp "$HTMX_PKG/LICENSE" "$HTMX_DIR/LICENSE"

# --- Local font shim ----------------------------------------------------------
# The theme sets `--ds-font-family: Inter` with no fallback and ships no font
# files; designsystemet-css never applies the variable to <body> either. We make
# no external requests, so use Inter only if installed locally, else system fonts.
cat > "$FONT_SHIM" <<'EOF'
/* Boligsosial local shim (generated by scripts/refresh_vendor.sh, not upstream).
   Load AFTER the theme CSS. No web fonts are downloaded: Inter is used only if
   installed on the device, otherwise the OS UI font. Same layers as the theme,
   so data-typography overrides keep working. */
@layer ds.theme.typography.primary {
  :root, [data-typography="primary"] {
    --ds-font-family: Inter, system-ui, -apple-system, "Segoe UI", Roboto,
      "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  }
}
@layer ds.theme.typography.secondary {
  [data-typography="secondary"] {
    --ds-font-family: "IBM Plex Mono", ui-monospace, SFMono-Regular, Menlo,
      Consolas, "Liberation Mono", monospace;
  }
}
@layer ds.base {
  body, [data-typography] { font-family: var(--ds-font-family); }
}
EOF

# --- VERSIONS.md ----------------------------------------------------------------
rel() { echo "${1#"$VENDOR/"}"; }
row() { printf '| `%s` | %s | `%s` |\n' "$(rel "$1")" "$2" "$(sha256 "$1")"; }

CSS_LIC="$(licence "$CSS_PKG")"
THEME_LIC="$(licence "$THEME_PKG")"
HTMX_LIC="$(licence "$HTMX_PKG")"

{
  echo "# Vendored front-end assets"
  echo
  echo "Generated by \`scripts/refresh_vendor.sh\` — do not edit by hand; change the pins"
  echo "at the top of the script and re-run it. Paths are relative to this directory"
  echo "(\`boligsosial/core/static/vendor/\`, served as \`{% static 'vendor/...' %}\`)."
  echo
  echo "| Package | Version | Licence | Source file in tarball | npm tarball integrity |"
  echo "|---|---|---|---|---|"
  echo "| @digdir/designsystemet-css | $DS_CSS_VERSION | $CSS_LIC | \`dist/src/index.css\` | \`$CSS_INTEGRITY\` |"
  echo "| @digdir/designsystemet-theme | $DS_THEME_VERSION | $THEME_LIC | \`brand/$DS_THEME_NAME.css\` | \`$THEME_INTEGRITY\` |"
  echo "| htmx.org | $HTMX_VERSION | $HTMX_LIC | \`dist/htmx.min.js\` | \`$HTMX_INTEGRITY\` |"
  echo
  echo "## Files"
  echo
  echo "| Path | What | SHA-256 |"
  echo "|---|---|---|"
  row "$CSS_DEST/index.css" "Designsystemet component CSS (all \`ds-*\` classes, one bundled file)"
  row "$CSS_DEST/LICENSE" "$CSS_LIC licence, designsystemet-css"
  row "$CSS_DEST/package.json" "version record"
  row "$THEME_DEST/$DS_THEME_NAME.css" "\"$DS_THEME_NAME\" theme: \`--ds-*\` tokens, light/dark/auto colour schemes"
  row "$THEME_DEST/LICENSE" "$THEME_LIC licence, designsystemet-theme"
  row "$THEME_DEST/package.json" "version record"
  row "$FONT_SHIM" "local shim (not upstream): system-font fallback for \`--ds-font-family\`"
  row "$HTMX_DIR/$HTMX_FILE" "htmx, minified"
  row "$HTMX_DIR/LICENSE" "$HTMX_LIC licence, htmx"
  echo
  echo "## Notes"
  echo
  echo "- No external requests: the CSS only uses \`data:\` URIs for icons, and none of the files has a source map reference."
  echo "- Fonts: the theme asks for \`Inter\` but the packages ship no font files and reference no CDN."
  echo "  \`designsystemet/system-font-fallback.css\` falls back to system fonts and applies \`--ds-font-family\` to \`<body>\`."
  echo "- \`@digdir/designsystemet-theme\` is marked deprecated upstream (its README suggests \`@digdir/designsystemet-css/theme\`"
  echo "  or a custom theme). Its \`brand/$DS_THEME_NAME.css\` still defines every \`--ds-*\` token that \`index.css\` $DS_CSS_VERSION uses."
  echo "- htmx injects a small inline \`<style>\` for \`.htmx-indicator\` unless \`htmx.config.includeIndicatorStyles\` is false"
  echo "  (for example \`<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false}'>\`). Keep this in mind for a strict CSP."
} > "$VENDOR/VERSIONS.md"

echo "Vendored: designsystemet-css $DS_CSS_VERSION, designsystemet-theme $DS_THEME_VERSION ($DS_THEME_NAME), htmx $HTMX_VERSION" >&2
echo "Wrote $VENDOR/VERSIONS.md" >&2
