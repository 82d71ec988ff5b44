<?php
/**
 * The one template.
 *
 * @package Errata
 */

?><!doctype html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo('charset'); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="<?php echo esc_url(get_stylesheet_uri()); ?>">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<header><p><a href="<?php echo esc_url(home_url('/')); ?>"><?php bloginfo('name'); ?></a></p></header>
<main>
<?php while (have_posts()) : the_post(); ?>
    <article id="post-<?php the_ID(); ?>">
        <h1><?php the_title(); ?></h1>
        <?php the_content(); ?>
    </article>
<?php endwhile; ?>
</main>
<?php wp_footer(); ?>
</body>
</html>
