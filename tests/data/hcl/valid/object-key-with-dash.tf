a = {
  my-key = 1
}
