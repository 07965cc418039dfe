module "ci" {
  source = "./modules/codebuild"
  count  = var.enabled ? 1 : 0

  name    = "ci"
  secrets = { for k, v in var.secrets : k => v.arn }
  depends_on = [
    aws_iam_role.ci,
  ]
}
