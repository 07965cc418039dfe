locals {
  # Greek, Cyrillic, CJK, Devanagari with its vowel sign, and a
  # combining accent after an ASCII letter.
  αριθμός = 1
  имя     = "x"
  名前      = 2
  नाम      = 3
  café    = 4
}
