# The two buckets: originals (cannot be rebuilt: versioned) and renditions (rebuilt on demand, so in a
# cheaper class). Both private, encrypted with the stack's KMS key, HTTPS only.

resource "aws_kms_key" "pixflow" {
  description             = "${var.name}: the buckets' objects and the catalogue's storage"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "pixflow" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.pixflow.key_id
}

resource "aws_s3_bucket" "originals" {
  bucket = "${var.name}-originals"
}

resource "aws_s3_bucket" "renditions" {
  bucket = "${var.name}-renditions"
}

locals {
  buckets = {
    originals  = aws_s3_bucket.originals
    renditions = aws_s3_bucket.renditions
  }

  # Pixflow's lifecycle rules, with the ids and the shape that pixflow.lifecycle.bucket-rule and
  # pixflow.multipart.bucket-rules write: Terraform owns them here, so those two settings stay off.
  unfinished_upload_days = var.upload_expiry_days + 1
}

resource "aws_s3_bucket_public_access_block" "pixflow" {
  for_each = local.buckets

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "pixflow" {
  for_each = local.buckets

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "pixflow" {
  for_each = local.buckets

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.pixflow.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_policy" "https_only" {
  for_each = local.buckets

  bucket = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "HttpsOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.pixflow]
}

resource "aws_s3_bucket_versioning" "originals" {
  bucket = aws_s3_bucket.originals.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "originals" {
  bucket = aws_s3_bucket.originals.id

  # Uploads in parts live under uploads/ until completed: the backstop behind Pixflow's own reaper.
  rule {
    id     = "pixflow-unfinished-uploads"
    status = "Enabled"
    filter {
      prefix = "uploads/"
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = local.unfinished_upload_days
    }
    expiration {
      days = local.unfinished_upload_days
    }
  }

  dynamic "rule" {
    for_each = var.image_ttl_days == null ? [] : [var.image_ttl_days]
    content {
      id     = "pixflow-default-ttl-originals"
      status = "Enabled"
      filter {
        prefix = "originals/"
      }
      expiration {
        days = rule.value
      }
    }
  }

  # Large originals are written in parts: a process killed mid-write leaves parts nobody completes.
  rule {
    id     = "abandoned-parts-of-originals"
    status = "Enabled"
    filter {
      prefix = "originals/"
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # Deleted and expired originals stay restorable this long, then their bytes go.
  rule {
    id     = "old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.originals_noncurrent_days
    }
    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.originals]
}

resource "aws_s3_bucket_lifecycle_configuration" "renditions" {
  bucket = aws_s3_bucket.renditions.id

  dynamic "rule" {
    for_each = var.image_ttl_days == null ? [] : [var.image_ttl_days]
    content {
      id     = "pixflow-default-ttl-renditions"
      status = "Enabled"
      filter {
        prefix = "renditions/"
      }
      expiration {
        days = rule.value
      }
    }
  }

  rule {
    id     = "abandoned-parts"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# A class with a minimum storage duration bills that duration for a rendition the TTL deletes sooner.
check "renditions_class_outlasts_its_minimum_duration" {
  assert {
    condition     = try(var.image_ttl_days >= lookup({ STANDARD_IA = 30, ONEZONE_IA = 30, GLACIER_IR = 90 }, var.renditions_storage_class, 0), true)
    error_message = "Renditions in ${var.renditions_storage_class} are billed for its minimum storage duration, longer than image_ttl_days: INTELLIGENT_TIERING or STANDARD costs less."
  }
}

# The same rule, by the same id, as pixflow.multipart.cors-origins writes.
resource "aws_s3_bucket_cors_configuration" "originals" {
  count = length(var.upload_cors_origins) > 0 ? 1 : 0

  bucket = aws_s3_bucket.originals.id
  cors_rule {
    id              = "pixflow-direct-uploads"
    allowed_origins = var.upload_cors_origins
    allowed_methods = ["PUT"]
    allowed_headers = ["*"]
    expose_headers  = ["ETag", "x-amz-checksum-sha256"]
    max_age_seconds = 3600
  }
}

# Objects written under incoming/ become images; a whole upload sent straight to uploads/ is completed
# by its event. Both reach the workers through the incoming queue (pixflow.storage.s3.incoming-queue-url).
resource "aws_s3_bucket_notification" "originals" {
  bucket = aws_s3_bucket.originals.id

  queue {
    id            = "pixflow-incoming"
    queue_arn     = aws_sqs_queue.incoming.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "incoming/"
  }

  queue {
    id            = "pixflow-uploads"
    queue_arn     = aws_sqs_queue.incoming.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
  }

  depends_on = [aws_sqs_queue_policy.incoming]
}
