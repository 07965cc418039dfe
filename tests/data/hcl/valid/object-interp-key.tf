a = {
  "${var.k}-x" = 1
}
