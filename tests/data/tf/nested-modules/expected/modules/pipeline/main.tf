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
  type = string
}
