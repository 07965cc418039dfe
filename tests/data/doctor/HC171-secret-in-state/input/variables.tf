variable "docker_hub_secret_arn" {
  type = string
}

variable "dockerhub_username" {
  type = string
}

variable "dockerhub_token" {
  type      = string
  sensitive = true
}
