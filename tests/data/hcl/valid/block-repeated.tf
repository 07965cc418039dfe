a {
  b {}
  b {}
  b {
    c = 1
  }
}
