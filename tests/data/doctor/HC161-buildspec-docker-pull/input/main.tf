resource "aws_codebuild_project" "app" {
  name         = "app"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "node:20-bookworm"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/example-org/app.git"
    buildspec = <<-YAML
      version: 0.2
      phases:
        pre_build:
          commands:
            - echo start
        build:
          commands:
            - docker pull postgres:16 && docker run --rm -e X=1 postgres:16 true
            - docker login -u "$USER" --password-stdin
    YAML
  }
}

resource "aws_codebuild_project" "ok" {
  name         = "ok"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "node:20-bookworm"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/example-org/ok.git"
    buildspec = <<-YAML
      version: 0.2
      phases:
        pre_build:
          commands:
            - echo "$TOKEN" | docker login --username "$USER" --password-stdin
        build:
          commands:
            - docker pull postgres:16 && docker run --rm -e X=1 postgres:16 true
    YAML
  }
}

resource "aws_codebuild_project" "fromfile" {
  name         = "fromfile"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "node:20-bookworm"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/example-org/fromfile.git"
    buildspec = "ci/buildspec.yml"
  }
}
