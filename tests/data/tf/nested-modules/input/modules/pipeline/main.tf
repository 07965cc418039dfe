variable "name" {
  type = string
}

module "build" {
  source = "../codebuild"

  name  = var.name
  image = "circleci/openjdk:17" # CircleCI legacy image
}
