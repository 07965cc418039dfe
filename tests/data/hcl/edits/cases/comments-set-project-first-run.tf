/*
 * Build projects of the team.
 */
resource "aws_codebuild_project" "lint" {
  name         = "lint"           # shown in the console
  service_role = var.service_role // given by the platform team
  description  = "Lints the code"

  environment {
    # The official image.
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "golangci/golangci-lint:v1.59" # pinned
    type         = "LINUX_CONTAINER"
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }

  source {
    type = "NO_SOURCE"
    # buildspec inline
    buildspec = file("lint.yml")
  }
}
