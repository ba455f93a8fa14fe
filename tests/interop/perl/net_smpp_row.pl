#!/usr/bin/perl
# Perl Net::SMPP (Debian libnet-smpp-perl) against the test SMSC.
#
# Started by run.sh with SMPP_PORT / CTRL_PORT. Binds as transceiver,
# submits with optional parameters (named TLVs, a numeric vendor tag, and a
# message_payload too long for short_message), checks that the server saw
# every TLV in ExtendedParameters, then unbinds.
use strict;
use warnings;
use Net::SMPP;
use HTTP::Tiny;
use JSON::PP;
use POSIX qw(strftime);

my $smpp_port = $ENV{SMPP_PORT} or die "SMPP_PORT not set";
my $ctrl = "http://127.0.0.1:$ENV{CTRL_PORT}";
my $http = HTTP::Tiny->new(timeout => 30);
my @failures;

sub logmsg { print strftime("%H:%M:%S", localtime), " @_\n"; }
sub check {
    my ($cond, $what, $detail) = @_;
    if ($cond) { logmsg("ok  ", $what); }
    else { logmsg("FAIL", $what, defined $detail ? $detail : ''); push @failures, $what; }
    return $cond;
}
sub ctl {
    my ($path, %q) = @_;
    my $r = $http->get("$ctrl$path?" . $http->www_form_urlencode(\%q));
    return $r->{status} == 200 ? decode_json($r->{content}) : undef;
}
sub wait_ev { my ($ev, %f) = @_; return ctl('/wait', ev => $ev, timeout => 10, %f); }

my $smpp = Net::SMPP->new_transceiver('127.0.0.1', port => $smpp_port,
    system_id => 'perluser', password => 'secret', system_type => 'perl', interface_version => 0x34);
check($smpp, 'bind_transceiver answered OK', $!) or finish();
my $b = wait_ev('bind', system_id => 'perluser');
check($b && $b->{mode} eq 'trx' && $b->{version} == 0x34 && $b->{password} eq 'secret',
    'server saw bind_transceiver v3.4 with the password', encode_json($b // {}));

# submit_sm with named TLVs and a numeric vendor-specific tag (0x1400 = 5120,
# encoded by Net::SMPP as one octet for a small value).
my $resp = $smpp->submit_sm(
    source_addr_ton => 5, source_addr_npi => 0, source_addr => 'PerlApp',
    dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '447700900500',
    short_message => 'Hello from Net::SMPP',
    user_message_reference => pack('n', 4242),
    source_port => pack('n', 9200),
    destination_port => pack('n', 2948),
    5120 => 7,
);
check($resp && $resp->{status} == 0 && $resp->{message_id}, 'submit_sm with TLVs answered with a message_id',
    $resp ? "status $resp->{status}" : $smpp->{smpperror});
my $s = wait_ev('submit', dst => '447700900500');
if (check($s, 'server saw the submit_sm')) {
    check($s->{text} eq 'Hello from Net::SMPP', 'text', $s->{text});
    check($s->{src} eq 'PerlApp' && $s->{src_ton} == 5, 'alphanumeric originator', "$s->{src} ton $s->{src_ton}");
    check($s->{id} eq ($resp ? $resp->{message_id} : ''), 'message id', $s->{id});
    my $ext = $s->{ext};
    check(index($ext, 'smpp.tlv.user_message_reference=1092') >= 0, 'user_message_reference TLV', $ext);
    check(index($ext, 'smpp.tlv.source_port=23F0') >= 0, 'source_port TLV', $ext);
    check(index($ext, 'smpp.tlv.destination_port=0B84') >= 0, 'destination_port TLV', $ext);
    check(index($ext, 'smpp.tlv.0x1400=07') >= 0, 'vendor TLV 0x1400', $ext);
}

# A message too long for short_message, sent in message_payload (sm_length 0).
# data_coding 0 is the GSM default alphabet: plain ASCII letters, digits and
# ':' are the same octets there (an '_' or '@' would not be).
my $long = join(' ', ('Net::SMPP message payload') x 14);
$resp = $smpp->submit_sm(
    destination_addr => '447700900501', short_message => '', message_payload => $long,
);
check($resp && $resp->{status} == 0, 'submit_sm with message_payload answered', $resp ? $resp->{status} : $smpp->{smpperror});
$s = wait_ev('complete', dst => '447700900501');
check($s && $s->{text} eq $long && length($long) > 254, 'server got the whole message_payload (' . length($long) . ' chars)',
    $s ? $s->{text} : 'none');

$resp = $smpp->enquire_link();
check($resp && $resp->{status} == 0, 'enquire_link answered');

$resp = $smpp->unbind();
check($resp && $resp->{status} == 0 && $resp->{cmd} == Net::SMPP::CMD_unbind_resp, 'unbind answered', $resp ? $resp->{status} : 'none');
check(wait_ev('unbind'), 'server saw the unbind');
check(wait_ev('disconnect'), 'connection closed after unbind');
finish();

sub finish {
    my $nacks = ctl('/events', ev => 'trace', cmd => 'generic_nack');
    check($nacks && @$nacks == 0, 'no generic_nack', encode_json($nacks // []));
    if (@failures) {
        logmsg(scalar(@failures) . " check(s) failed: " . join('; ', @failures));
        exit 1;
    }
    logmsg('all checks passed');
    exit 0;
}
