variable "docker_hub_secret_arn" {
  type        = string
  description = "ARN of the secret with the Docker Hub login"
}
