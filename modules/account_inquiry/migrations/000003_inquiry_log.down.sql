DROP TABLE account_inquiries;
