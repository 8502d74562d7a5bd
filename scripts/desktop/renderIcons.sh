#!/usr/bin/env bash
# Regenerate every app icon from resources/icon.svg (the one source; the outputs are committed):
#   resources/icon.png, resources/icons/NxN.png   the running app (window icon) and the Linux
#                                                  icon set electron-builder installs (.deb, AppImage)
#   build/icon.png (1024)                          electron-builder's default source image
#   build/icon.icns                                macOS
#   build/icon.ico                                 Windows (NSIS installer and the .exe)
# Tools (Debian): apt-get install -y librsvg2-bin icnsutils icoutils
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in rsvg-convert png2icns icotool; do
  command -v "$tool" >/dev/null || {
    echo "renderIcons: $tool missing (apt-get install -y librsvg2-bin icnsutils icoutils)" >&2
    exit 1
  }
done
svg=resources/icon.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p resources/icons build
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" "$svg" -o "$work/$size.png"
  cp "$work/$size.png" "resources/icons/${size}x${size}.png"
done
cp "$work/512.png" resources/icon.png
cp "$work/1024.png" build/icon.png
# ICNS holds 16, 32, 48, 128, 256, 512 and 1024 px images; ICO up to 256 px, that one stored
# as PNG (-r) as Windows expects for the large size.
png2icns build/icon.icns "$work"/{16,32,48,128,256,512,1024}.png >/dev/null
icotool -c -o build/icon.ico "$work"/{16,24,32,48,64,128}.png -r "$work/256.png"
echo "renderIcons: wrote resources/icon.png, resources/icons/, build/icon.{png,icns,ico}"
