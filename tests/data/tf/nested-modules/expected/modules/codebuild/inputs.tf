variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "docker_hub_secret_arn" {
  type = string
}
