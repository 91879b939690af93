module "account_inquiry" {
  title_ar    = "الاستعلام عن حساب المشترك"
  title_en    = "Subscriber account inquiry"
  description = "Subscribers, premises, meters, accounts and bills, so a citizen can look up a water account and its balance, and pay electronically."

  setting "biller_code" {
    type        = string
    description = "The governorate's biller code on the national e-payment network."
    validation {
      condition     = can(regex("^[A-Z0-9-]{3,20}$", value))
      error_message = "A biller code is 3 to 20 capital letters, digits or dashes, such as WAJ-BLQ."
    }
  }

  setting "office_phone" {
    type        = string
    description = "The customer office's phone number, shown to citizens."
    validation {
      condition     = can(regex("^\\+962[0-9]{8,9}$", value))
      error_message = "Write the number in international form, such as +96253551234."
    }
  }

  setting "working_hours" {
    type        = string
    default     = "Sun-Thu 08:00-15:00"
    description = "When the customer office is open."
  }

  setting "currency" {
    type    = string
    default = "JOD"
    validation {
      condition     = value == "JOD"
      error_message = "Bills are issued in Jordanian dinars (JOD)."
    }
  }

  check "tariffs_seeded" {
    description = "The tariff reference table holds the national tariffs."
    sql         = "SELECT count(*) >= 4 FROM tariffs"
  }

  check "accounts_have_subscribers" {
    description = "Every account belongs to a subscriber."
    sql         = "SELECT NOT EXISTS (SELECT 1 FROM accounts a LEFT JOIN subscribers s ON s.id = a.subscriber_id WHERE s.id IS NULL)"
  }

  check "bills_not_negative" {
    description = "No bill has a negative amount."
    min_version = 2
    sql         = "SELECT NOT EXISTS (SELECT 1 FROM bills WHERE amount_jod < 0)"
  }
}
