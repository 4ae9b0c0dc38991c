-- Who agrees with whom: the 20 pairs of countries and groups most often parties to one agreement
-- (any status: signed, agreed, proposed, expected or rejected), with how many agreements they share.
with parties as (
    select distinct p.agreement_id, coalesce(p.country_id, p.party_name) as party_id, coalesce(c.name, p.party_name) as party
    from bridge_agreement_party p
    left join dim_country c using (country_id)
    where p.party_kind in ('country', 'group')
)
select a.party, b.party as partner, count(distinct a.agreement_id) as agreements,
       list(distinct g.article_id order by g.article_id)[1:5] as article_ids
from parties a
join parties b on b.agreement_id = a.agreement_id and a.party_id < b.party_id
join dim_agreement g on g.agreement_id = a.agreement_id
group by all
order by agreements desc, a.party, partner
limit 20;
