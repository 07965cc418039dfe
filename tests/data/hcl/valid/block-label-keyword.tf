resource "for" "if" {}
