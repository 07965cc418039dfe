resource "x" "y" {
  lifecycle {
    ignore_changes        = [tags, environment[0].image]
    create_before_destroy = true
    prevent_destroy       = false
  }
}
