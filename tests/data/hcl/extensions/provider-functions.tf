locals {
  arn    = provider::aws::arn_parse(var.role_arn)
  region = provider::aws::arn_parse(var.role_arn).region
  parts  = [for a in var.arns : provider::aws::arn_parse(a).account_id]
  built  = provider::aws::arn_build("aws", "iam", "", local.account, "role/ci")
  chosen = var.on ? provider::aws::arn_parse(var.a) : null
}
