a = {
  "Name" = "x"
  "with space" = 1
}
