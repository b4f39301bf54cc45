#!/bin/sh
# Remakes fonts/ from Debian's Noto packages: the faces the PDF pack falls back on for text that
# Typst's own fonts cannot show (see fonts/README.md). Needs root for apt-get, or the packages
# already installed:
#   apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji python3-fonttools
set -eu
cd "$(dirname "$0")/.."
CORE=/usr/share/fonts/truetype/noto
CJK=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUBSET="/usr/bin/python3 -m fontTools.subset"
OUT=fonts

# Whole faces (small): Latin, Greek and Cyrillic with U+FFFD, and the scripts most spoken in the
# UK after English (Punjabi, Urdu and Arabic, Bengali, Gujarati, Hindi), and symbols.
for face in NotoSans-Regular NotoSansGurmukhi-Regular NotoSansBengali-Regular \
    NotoSansGujarati-Regular NotoSansDevanagari-Regular NotoNaskhArabic-Regular \
    NotoSansSymbols2-Regular; do
    $SUBSET "$CORE/$face.ttf" --unicodes='*' --layout-features='*' --no-hinting \
        --drop-tables+=DSIG --output-file="$OUT/$face.ttf"
done

# Simplified Chinese: the 3,755 characters of GB 2312 level 1 (the common ones), CJK punctuation
# and full-width forms.
/usr/bin/python3 - > /tmp/gb2312-level1.txt <<'PY'
chars = []
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.append(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
print("".join(chars))
PY
$SUBSET "$CJK" --font-number=2 --text-file=/tmp/gb2312-level1.txt \
    --unicodes='U+3000-303F,U+FF00-FFEF' --layout-features='*' --no-hinting \
    --output-file="$OUT/NotoSansSC-Regular-Subset.otf"

# Colour emoji, which Typst embeds as Type 3 fonts: faces, hands, hearts and everyday things.
$SUBSET "$CORE/NotoColorEmoji.ttf" \
    --unicodes='U+1F600-1F64F,U+1F910-1F92F,U+1F970-1F97A,U+1F44A-1F450,U+1F490-1F49F,U+2764,U+2763,U+2B50,U+2728,U+2705,U+274C,U+2753,U+2757,U+1F389,U+1F38A,U+1F381,U+1F382,U+2600,U+2601,U+2614,U+26C4,U+1F31E,U+1F308,U+2615,U+1F37A,U+1F355,U+1F370,U+1F3B5,U+1F3B6,U+1F436,U+1F431,U+1F697,U+1F68C,U+1F3E0,U+1F4F1,U+1F48A,U+1F6AC,U+1F4B0,U+1F393,U+1F511,U+1F6AA,U+1F44D,U+1F44E,U+1F64F,U+1F3FB-1F3FF,U+200D,U+FE0F,U+1F525,U+1F4AA,U+1F91D,U+1F3C3,U+1F6B6,U+1F3E5,U+1F4DA,U+270C,U+261D,U+270B' \
    --layout-features='*' --output-file="$OUT/NotoColorEmoji-Subset.ttf"
ls -l "$OUT"
