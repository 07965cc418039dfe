resource "x" "y" {
  for_each = toset(["a", "b"])
  name     = each.value
}
