# The WordPress plugin (integrations/wordpress/): included by the Makefile.
#
#   make wordpress-plugin   dist/errata-wordpress-<version>.zip, a folder errata/ inside
#   make wordpress-test     php -l, phpcs, PHPUnit, and the tests against a real WordPress
#   make wordpress-check    php -l, phpcs and PHPUnit only: what `make test` adds, since its
#                           pytest run already holds tests/integrations (marker wordpress)
#
# The PHP tools come from Debian (scripts/system-packages test): php-cli, phpunit,
# php-codesniffer; the integration tests also need wordpress, php-mysql and MariaDB.
WORDPRESS_DIR := integrations/wordpress
WORDPRESS_PLUGIN_VERSION := $(shell sed -n 's/^ \* Version: *//p' $(WORDPRESS_DIR)/errata/errata.php)
WORDPRESS_ZIP := dist/errata-wordpress-$(WORDPRESS_PLUGIN_VERSION).zip
WORDPRESS_SOURCES := $(shell find $(WORDPRESS_DIR)/errata -type f | sort)

.PHONY: wordpress-plugin wordpress-test wordpress-check wordpress-lint wordpress-phpunit wordpress-database

wordpress-plugin: $(WORDPRESS_ZIP)  ## build the WordPress plugin's zip in dist/

# Built from the committed sources only, with fixed timestamps, so the same tree gives the
# same zip: PHP's zip extension is not always there, Python's zipfile is.
$(WORDPRESS_ZIP): $(WORDPRESS_SOURCES)
	@mkdir -p dist
	$(PYTHON) $(WORDPRESS_DIR)/build_zip.py $(WORDPRESS_DIR)/errata $@

wordpress-lint: | system-packages  ## php -l and phpcs on the WordPress plugin
	@set -e; for file in $$(find $(WORDPRESS_DIR) -name '*.php' | sort); do \
		php -l "$$file" >/dev/null || { php -l "$$file"; exit 1; }; \
	done; echo "php -l: every file parses"
	phpcs --standard=$(WORDPRESS_DIR)/phpcs.xml.dist --basepath=$(WORDPRESS_DIR) -q $(WORDPRESS_DIR)/errata $(WORDPRESS_DIR)/tests/unit

wordpress-phpunit: | system-packages  ## the plugin's PHPUnit tests
	phpunit -c $(WORDPRESS_DIR)/phpunit.xml.dist

wordpress-check: wordpress-lint wordpress-phpunit  ## php -l, phpcs and PHPUnit on the WordPress plugin

wordpress-database: | system-packages  ## the MariaDB account the WordPress tests use (MARIADB_HOST, MARIADB_USER)
	$(WORDPRESS_DIR)/tests/mariadb-test-user

wordpress-test: wordpress-check wordpress-database install-test messages  ## every check of the WordPress plugin, real WordPress included
	$(BIN)/pytest -m wordpress tests/integrations -p no:cacheprovider
