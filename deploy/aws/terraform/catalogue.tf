# The catalogue: records, renditions, the jobs outbox, keys, events. var.catalogue chooses where it lives;
# each choice's resources are created only when chosen, and its settings for Pixflow are
# local.catalogue_settings (outputs.tf).
#
# "postgres": RDS PostgreSQL, below. Pixflow migrates the schema itself at start (Flyway), creating
# the pg_trgm extension as the master user. Pixflow reads the password once, at start, so it is not
# rotated behind the pods' back: it is made here and kept in Secrets Manager, for the Kubernetes secret.
#
# "dynamodb": one DynamoDB table, at the end of this file. Its key schema and index names are the
# adapter's (CatalogueTable in adapters/store-dynamodb); each role reaches it through the
# CatalogueOnDynamoDB statement of deploy/aws/iam-*.json.

locals {
  postgres = var.catalogue == "postgres"
  dynamodb = var.catalogue == "dynamodb"

  # The global secondary indexes, by name: the attributes of their key (all strings) and what they carry.
  catalogue_indexes = {
    "by-owner"    = { hash = "opk", range = "osk", projection = "ALL" }
    "by-content"  = { hash = "cpk", range = "csk", projection = "KEYS_ONLY" }
    "by-due-time" = { hash = "dpk", range = "dsk", projection = "ALL" }
    "by-day"      = { hash = "ypk", range = "ysk", projection = "ALL" }
    "by-original" = { hash = "bpk", range = "bsk", projection = "KEYS_ONLY" }
    "by-work"     = { hash = "wpk", range = "wsk", projection = "KEYS_ONLY" }
  }
}

resource "aws_db_subnet_group" "catalogue" {
  count = local.postgres ? 1 : 0

  name       = "${var.name}-catalogue"
  subnet_ids = var.database_subnet_ids
}

resource "aws_security_group" "catalogue" {
  count = local.postgres ? 1 : 0

  name        = "${var.name}-catalogue"
  description = "PostgreSQL from the Pixflow pods"
  vpc_id      = var.vpc_id

  lifecycle {
    precondition {
      condition     = var.vpc_id != null && var.database_subnet_ids != null && var.database_client_security_group_ids != null
      error_message = "The \"postgres\" catalogue needs vpc_id, database_subnet_ids and database_client_security_group_ids."
    }
  }

  ingress {
    description     = "PostgreSQL"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = var.database_client_security_group_ids
  }
}

resource "random_password" "catalogue" {
  count = local.postgres ? 1 : 0

  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "catalogue" {
  count = local.postgres ? 1 : 0

  name                    = "${var.name}/catalogue-password"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "catalogue" {
  count = local.postgres ? 1 : 0

  secret_id     = aws_secretsmanager_secret.catalogue[0].id
  secret_string = random_password.catalogue[0].result
}

resource "aws_db_instance" "catalogue" {
  count = local.postgres ? 1 : 0

  identifier                 = "${var.name}-catalogue"
  engine                     = "postgres"
  engine_version             = var.database_engine_version
  instance_class             = var.database_instance_class
  allocated_storage          = var.database_storage_gb
  max_allocated_storage      = var.database_storage_gb * 4
  storage_type               = "gp3"
  storage_encrypted          = true
  kms_key_id                 = aws_kms_key.pixflow.arn
  db_name                    = "pixflow"
  username                   = "pixflow"
  password                   = random_password.catalogue[0].result
  multi_az                   = var.database_multi_az
  db_subnet_group_name       = aws_db_subnet_group.catalogue[0].name
  vpc_security_group_ids     = [aws_security_group.catalogue[0].id]
  publicly_accessible        = false
  backup_retention_period    = 7
  copy_tags_to_snapshot      = true
  deletion_protection        = var.database_deletion_protection
  skip_final_snapshot        = false
  final_snapshot_identifier  = "${var.name}-catalogue-final"
  auto_minor_version_upgrade = true
}

# On-demand capacity: no throughput to plan, and a table that costs nothing while idle.
resource "aws_dynamodb_table" "catalogue" {
  count = local.dynamodb ? 1 : 0

  name                        = "${var.name}-catalogue"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.database_deletion_protection

  dynamic "attribute" {
    for_each = toset(concat(["pk", "sk"], flatten([for index in local.catalogue_indexes : [index.hash, index.range]])))
    content {
      name = attribute.value
      type = "S"
    }
  }

  dynamic "global_secondary_index" {
    for_each = local.catalogue_indexes
    content {
      name            = global_secondary_index.key
      hash_key        = global_secondary_index.value.hash
      range_key       = global_secondary_index.value.range
      projection_type = global_secondary_index.value.projection
    }
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.pixflow.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}
