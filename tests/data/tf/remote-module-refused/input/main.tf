module "ci" {
  source  = "git::https://example.com/terraform-modules.git//codebuild?ref=v1.2.0"
  name    = "remote"
  image   = "node:20"
  enabled = true
}
