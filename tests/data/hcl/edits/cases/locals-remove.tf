locals {
  name    = "ci"
  short   = ["a", "b"]
  numbers = [1, 2, 3]
  multi = [
    "eu-west-1",
    "eu-central-1",
  ]
  no_trailing = [
    "one",
    "two"
  ]
  settings = {
    retries = 3
    verbose = false
  }
  nested = {
    images = {
      node = "node:20"
    }
  }
  one_line = { a = 1, b = 2 }
}
