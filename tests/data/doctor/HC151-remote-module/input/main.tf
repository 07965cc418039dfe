module "codebuild" {
  source  = "cloudposse/codebuild/aws"
  version = "2.0.1"

  name        = "app"
  build_image = "node:20-bookworm"
}
