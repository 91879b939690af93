module "complaints" {
  title_ar    = "شكاوى المياه والصرف الصحي"
  title_en    = "Water and sewage complaints"
  description = "Citizens report water cuts, leaks, sewage overflows, water quality and billing problems from the web, the mobile app, the call centre or by SMS, with the location and photos."
  requires    = ["account_inquiry"]

  setting "categories" {
    type        = list(string)
    description = "The complaint categories this governorate accepts."
    default     = ["water_cut", "leak", "sewage_overflow", "water_quality", "billing", "meter", "other"]
    validation {
      condition     = length(value) > 0 && length([for c in value : c if !contains(["water_cut", "leak", "sewage_overflow", "water_quality", "billing", "meter", "other"], c)]) == 0
      error_message = "Categories are some of: water_cut, leak, sewage_overflow, water_quality, billing, meter, other."
    }
  }

  setting "sla_hours" {
    type        = map(number)
    description = "Hours allowed to resolve a complaint, per category."
    default = {
      water_cut       = 24
      leak            = 48
      sewage_overflow = 12
      water_quality   = 24
      billing         = 120
      meter           = 72
      other           = 120
    }
  }

  setting "sms_sender" {
    type        = string
    description = "The sender name on SMS sent through the government SMS gateway."
    validation {
      condition     = can(regex("^[A-Za-z0-9]{3,11}$", value))
      error_message = "An SMS sender name is 3 to 11 Latin letters or digits."
    }
  }

  setting "call_centre" {
    type        = string
    default     = "117116"
    description = "The call centre number printed on complaint receipts."
  }

  setting "max_attachment_mb" {
    type    = number
    default = 10
    validation {
      condition     = value >= 1 && value <= 50
      error_message = "Attachments may be 1 to 50 MB."
    }
  }

  check "categories_seeded" {
    description = "The seven complaint categories exist with Arabic and English labels."
    sql         = "SELECT count(*) = 7 AND bool_and(label_ar <> '' AND label_en <> '') FROM complaint_categories"
  }

  check "complaints_table" {
    description = "Complaints can be recorded."
    sql         = "SELECT to_regclass('complaints') IS NOT NULL AND to_regclass('complaint_attachments') IS NOT NULL"
  }
}
