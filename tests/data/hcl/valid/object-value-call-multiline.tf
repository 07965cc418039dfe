a = {
  b = merge(
    var.x,
    var.y
  )
}
