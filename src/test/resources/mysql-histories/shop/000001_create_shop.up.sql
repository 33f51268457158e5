-- The shop's tables. promotions has columns called start and end: END is not a reserved word.
CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  tier ENUM('basic', 'gold') NOT NULL DEFAULT 'basic'
);

CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(20) NOT NULL DEFAULT 'new',
  total DECIMAL(12,2) NOT NULL DEFAULT 0,
  placed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);

CREATE TABLE order_items (
  order_id BIGINT UNSIGNED NOT NULL,
  sku VARCHAR(40) NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(12,2) NOT NULL,
  PRIMARY KEY (order_id, sku)
);

CREATE TABLE order_audit (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  `change` VARCHAR(100) NOT NULL
);

CREATE TABLE promotions (code VARCHAR(20) PRIMARY KEY, start DATE NOT NULL, end DATE NOT NULL);
CREATE TABLE sessions (token CHAR(32) PRIMARY KEY, expires_at DATETIME NOT NULL);
CREATE TABLE maintenance_log (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(200) NOT NULL);
