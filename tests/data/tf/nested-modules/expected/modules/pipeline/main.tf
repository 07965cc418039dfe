variable "name" {
  type = string
}

module "build" {
  source = "../codebuild"

  name                  = var.name
  image                 = "circleci/openjdk:17" # CircleCI legacy image
  docker_hub_secret_arn = var.docker_hub_secret_arn
}

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}
