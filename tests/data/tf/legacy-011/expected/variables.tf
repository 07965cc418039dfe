variable "region" {
  type    = "string"
  default = "us-east-1"
}

variable "image" {
  type    = "string"
  default = "maven:3.9"
}

variable "docker_hub_secret_arn" {
  type = "string"
}
