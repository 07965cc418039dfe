a = {
  b = 1 # one
  # between
  c = 2
}
