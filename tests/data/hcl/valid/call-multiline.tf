a = merge(
  var.a,
  var.b
)
