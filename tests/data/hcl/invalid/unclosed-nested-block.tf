resource "x" "y" {
  a = 1

  env {
    b = 2

  src {
    c = 3
  }
}
