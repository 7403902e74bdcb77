#!/usr/bin/env bash
# Rebuilds src/fichegen/icc/fogra39l.icc, the CMYK output profile fichegen embeds in PDF/X-4 files.
#
# For the maintainer only: fichegen itself never runs this (the .icc is committed). Needs Debian's
# `argyll` (ArgyllCMS colprof) and `icc-profiles-free` packages, or their files:
#   apt-get install argyll && apt-get download icc-profiles-free
#
# Source data: FOGRA39L.ti3, Fogra's characterization data for offset on coated paper (ISO 12647-2:2004/Amd 1),
# as packaged by Kai-Uwe Behrmann under the Zlib licence (icc-profiles-free; see
# src/fichegen/icc/LICENSE-FOGRA39L.txt). The profile made from it is an altered version in the Zlib sense,
# marked as such in its description and copyright tags.
#
# colprof options, and why:
#   -qm -bm   medium-quality A2B and B2A tables: a 120 kB profile (high quality triples the size and adds
#             nothing for an output intent, which a RIP uses to simulate or convert, not to separate)
#   -kr       black generation: a ramp from white to black (ArgyllCMS's default, stated for the record)
#   -l330     total ink limit of the tables: 330 %, the limit of the FOGRA39 printing condition's ECI profile
#   -nc       leave the 1617 measurements out of the profile (they double its size)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -f /usr/share/color/icc/FOGRA39L.ti3 ]; then
    cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
else
    (cd "$work" && apt-get download icc-profiles-free && dpkg -x icc-profiles-free_*.deb x \
        && cp x/usr/share/color/icc/FOGRA39L.ti3 .)
fi
(cd "$work" && colprof -v -qm -bm -kr -l330 -nc -A "fichegen" \
    -D "FOGRA39L coated, made for fichegen with ArgyllCMS colprof" \
    -C "Altered: made from the FOGRA39L characterization data (c) Kai-Uwe Behrmann, Zlib licence" \
    FOGRA39L)
cp "$work/FOGRA39L.icc" src/fichegen/icc/fogra39l.icc
ls -l src/fichegen/icc/fogra39l.icc
