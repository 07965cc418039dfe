locals {
  name   = "${var.prefix}-ci"
  tags   = merge(var.tags, { Name = local.name })
  is_on  = var.enabled && length(var.items) > 0
  first  = try(var.items[0], null)
}
