-- Agreements by sector and status: how many the stories report, in how many articles, and who the parties are.
select a.sector, a.status, count(distinct a.agreement_id) as agreements, count(distinct a.article_id) as articles,
       list(distinct p.party_name order by p.party_name) filter (where p.party_name is not null) as parties
from dim_agreement a
left join bridge_agreement_party p using (agreement_id)
group by all
order by agreements desc, a.sector, a.status;
