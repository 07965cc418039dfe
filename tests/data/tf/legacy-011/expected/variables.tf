variable "region" {
  type    = "string"
  default = "us-east-1"
}

variable "image" {
  type    = "string"
  default = "maven:3.9"
}

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = "string"
}
