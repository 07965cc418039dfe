terraform {
  required_version = ">= 1.5"
  experiments      = []

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "build" {
  source = "./modules/build"
  count  = var.enabled ? 1 : 0

  name      = "app"
  image     = "node:20"
  subnets   = var.subnets
  for_teams = [for t in var.teams : upper(t) if t != ""]
}

resource "aws_codebuild_project" "dyn" {
  name         = "dyn"
  service_role = module.build[0].role_arn

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "node:20"
    type         = "LINUX_CONTAINER"

    dynamic "environment_variable" {
      for_each = var.env
      content {
        name  = environment_variable.key
        value = environment_variable.value
      }
    }
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }

  source {
    type = "NO_SOURCE"
  }
}
