#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%% Reads file paths from standard input, one a line, and for each prints one
%% line: "OK <json>" with what EMQX's own HOCON library makes of the file
%% (hocon:files([File], #{format => map}), as EMQX loads emqx.conf), or
%% "ERROR: <reason>". One VM answers a whole batch, so thousands of documents
%% cost seconds, not an Erlang start each.
%%
%% The library is the one test/differential/oracle.ts builds from
%% ../shared/oracle/emqx-hocon into $EMQX_HOCON_DIR/ebin; this script only
%% calls it. Includes and the file itself are resolved from the file's folder
%% (the working directory is set to it for each file).
-mode(compile).

main(_) ->
    Dir = os:getenv("EMQX_HOCON_DIR", ".oracle"),
    Ebin = filename:join(Dir, "ebin"),
    case filelib:is_regular(filename:join(Ebin, "hocon.beam")) of
        false -> io:put_chars("ERROR: not built\n"), halt(3);
        true -> true = code:add_patha(Ebin)
    end,
    Out = open_port({fd, 0, 1}, [out, binary]),
    ok = io:setopts(standard_io, [binary]),
    loop(Out).

loop(Out) ->
    case io:get_line(standard_io, "") of
        eof -> halt(0);
        {error, _} -> halt(1);
        Line ->
            Path = unicode:characters_to_list(string:trim(Line, trailing, "\r\n")),
            port_command(Out, [answer(Path), $\n]),
            loop(Out)
    end.

answer(Path) ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Self ! {self(), run(Path)} end),
    receive
        {Pid, Result} -> erlang:demonitor(Ref, [flush]), Result;
        {'DOWN', Ref, process, Pid, Why} -> ["ERROR: crash ", one_line(Why)]
    after 10000 ->
        exit(Pid, kill),
        "ERROR: timeout"
    end.

run(Path) ->
    ok = file:set_cwd(filename:dirname(Path)),
    File = filename:basename(Path),
    try hocon:files([File], #{format => map}) of
        {ok, Map} -> ["OK ", enc(Map)];
        {error, Reason} -> ["ERROR: ", one_line(Reason)]
    catch
        C:R -> ["ERROR: crash ", atom_to_list(C), ": ", one_line(R)]
    end.

one_line(Term) ->
    S = unicode:characters_to_binary(lists:flatten(io_lib:format("~0tp", [Term]))),
    binary:replace(S, [<<"\n">>, <<"\r">>], <<" ">>, [global]).

%% JSON with object keys sorted by their UTF-8 bytes.
enc(M) when is_map(M) ->
    KV = lists:keysort(1, [{key(K), V} || {K, V} <- maps:to_list(M)]),
    [${, lists:join($,, [[str(K), $:, enc(V)] || {K, V} <- KV]), $}];
enc(L) when is_list(L) -> [$[, lists:join($,, [enc(E) || E <- L]), $]];
enc(B) when is_binary(B) -> str(B);
enc(I) when is_integer(I) -> integer_to_binary(I);
enc(F) when is_float(F) -> float_to_binary(F, [short]);
enc(true) -> <<"true">>;
enc(false) -> <<"false">>;
enc(null) -> <<"null">>;
enc(A) when is_atom(A) -> str(<<"$atom:", (atom_to_binary(A, utf8))/binary>>);
enc(T) -> str(<<"$term:", (one_line(T))/binary>>).

key(K) when is_binary(K) -> K;
key(K) when is_atom(K) -> atom_to_binary(K, utf8);
key(K) -> one_line(K).

str(B) -> [$", esc(B), $"].

esc(B) -> << <<(esc_char(C))/binary>> || <<C>> <= B >>.

esc_char($") -> <<"\\\"">>;
esc_char($\\) -> <<"\\\\">>;
esc_char($\n) -> <<"\\n">>;
esc_char($\r) -> <<"\\r">>;
esc_char($\t) -> <<"\\t">>;
esc_char(C) when C < 16#20; C =:= 16#7f -> list_to_binary(io_lib:format("\\u~4.16.0b", [C]));
esc_char(C) -> <<C>>.
