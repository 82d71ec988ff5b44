"""factory_boy factories for errata's models: real rows, no mocks."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from errata import models
from errata.text import normalise

ARTICLE_TEXT = normalise(
    """Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d'euros.

    Le maire, Grégoire Martin, a salué « un budget de responsabilité ». L'opposition a voté
    contre, dénonçant une hausse de 8 % des dépenses de fonctionnement.

    Le budget prévoit 300 millions d'euros d'investissements, dont 45 millions pour les
    écoles."""
)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Site
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"site-{n}")
    name = factory.Sequence(lambda n: f"Le Quotidien {n}")
    language = "fr"
    require_proof_of_work = False

    @factory.post_generation
    def origins(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            for origin in extracted if extracted is not None else [f"https://{self.slug}.example"]:
                models.SiteOrigin.objects.create(site=self, origin=origin)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    site = factory.SubFactory(SiteFactory)
    url = factory.LazyAttributeSequence(lambda o, n: f"https://{o.site.slug}.example/a/{n}")
    title = "Lyon adopte son budget"
    language = "fr"
    source = models.ArticleSource.CMS


class ArticleVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ArticleVersion

    article = factory.SubFactory(ArticleFactory)
    site = factory.SelfAttribute("article.site")
    text = ARTICLE_TEXT
    source = models.VersionSource.CMS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@newsroom.example")
    password = factory.django.Password("correct horse battery staple")
