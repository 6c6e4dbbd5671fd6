-- Headless Neovim (>= 0.7, Debian 12 ships 0.7.2) as a second LSP client for
-- the bare language server (node dist/server.js --stdio). It opens an insecure
-- emqx.conf and checks, through Neovim's own LSP client and diagnostic
-- framework: the cookie-default diagnostic on the cookie line, a hover on the
-- node name that shows the computed ports, and the preferred code action,
-- applied to the buffer, making the diagnostic go away; then completion of keys
-- and values, the outline, and a quick fix for a diagnostic echoed back with
-- range and message only. Prints one JSON object
-- and exits 0 on success, 1 on failure.
--
-- env: LSP_CMD      server command line, e.g. "node dist/server.js --stdio"
--      LSP_FILE     the emqx.conf to open (a copy: the fix edits the buffer, never saved)
--      LSP_TIMEOUT  ms to wait for each step (default 20000); only bounds a failing run
local cmd = vim.split(os.getenv('LSP_CMD') or '', ' ', { trimempty = true })
local file = os.getenv('LSP_FILE')
local timeout = tonumber(os.getenv('LSP_TIMEOUT') or '20000')
local started = vim.loop.hrtime()
local result = { ok = false, checks = {}, timings_ms = {} }

local function mark(name)
  result.timings_ms[name] = math.floor((vim.loop.hrtime() - started) / 1e6)
end

local function finish(ok, err)
  result.ok = ok
  result.error = err
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  io.stdout:flush()
  vim.lsp.stop_client(vim.lsp.get_active_clients(), true)
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

-- Neovim 0.7 keeps the LSP diagnostic in user_data.lsp; later versions also copy `code`.
local function code_of(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  local code = d.code or lsp.code
  if type(code) == 'table' then code = code.value end
  return code and tostring(code) or nil
end

local function find_diag(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then return d end
  end
  return nil
end

local function line_of(bufnr, needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(needle, 1, true) then return i - 1, l end
  end
  error('"' .. needle .. '" not in the file')
end

local function run()
  assert(#cmd > 0 and file, 'set LSP_CMD and LSP_FILE')
  local client_id = vim.lsp.start_client({
    name = 'emqx-cluster-security',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    -- What VS Code's client sends; an editor without workspace trust says trusted = true.
    init_options = { trusted = true, settings = {} },
    settings = { emqxClusterSecurity = { enable = true, rules = {} } },
  })
  assert(client_id, 'server did not start')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- The languageId Neovim sends is the filetype; use the id VS Code uses.
  vim.bo[bufnr].filetype = 'emqx-conf'
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(timeout, function() return client.initialized end, 20), 'server did not initialize')
  result.server = client.server_capabilities and 'initialized' or 'initialized (no capabilities)'
  mark('initialized')

  -- 1. diagnostics, as Neovim's diagnostic framework holds them
  local cookie_line = line_of(bufnr, 'cookie = ')
  assert(vim.wait(timeout, function() return find_diag(bufnr, 'cookie-default') ~= nil end, 20),
    'no cookie-default diagnostic; got ' .. vim.inspect(vim.tbl_map(code_of, vim.diagnostic.get(bufnr))))
  local d = find_diag(bufnr, 'cookie-default')
  assert(d.lnum == cookie_line, 'cookie-default on line ' .. d.lnum .. ', expected ' .. cookie_line)
  assert(not d.message:find('emqxsecretcookie', 1, true), 'the message prints the cookie')
  local codes = {}
  for _, x in ipairs(vim.diagnostic.get(bufnr)) do codes[#codes + 1] = code_of(x) end
  result.checks.diagnostics = codes
  for _, want in ipairs({ 'rpc-plaintext', 'dist-plaintext' }) do
    assert(find_diag(bufnr, want), 'no ' .. want .. ' diagnostic')
  end
  mark('diagnostics')

  -- 2. hover on the node name: the distribution and RPC ports
  local name_line, name_text = line_of(bufnr, 'emqx2@10.0.0.2')
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = name_line, character = name_text:find('emqx2@', 1, true) + 1 },
  }
  local hover = client.request_sync('textDocument/hover', params, timeout, bufnr)
  assert(hover and hover.result, 'no hover: ' .. vim.inspect(hover and hover.err))
  local contents = hover.result.contents
  local text = type(contents) == 'string' and contents or contents.value or vim.inspect(contents)
  assert(text:find('4372', 1, true) and text:find('5372', 1, true), 'hover lacks ports 4372/5372: ' .. text)
  result.checks.hover = text:sub(1, 200)
  mark('hover')

  -- 3. the preferred quick fix of cookie-default, applied to the buffer
  -- Neovim keeps range, message and severity in its own fields and the rest of the
  -- LSP diagnostic (code, codeDescription, data, ...) in user_data.lsp: rebuild it.
  local lsp_diag = vim.tbl_extend('force', {}, d.user_data and d.user_data.lsp or {}, {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, severity = d.severity, source = d.source, code = code_of(d),
  })
  local ca = client.request_sync('textDocument/codeAction', {
    textDocument = params.textDocument, range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }, timeout, bufnr)
  assert(ca and ca.result and #ca.result > 0, 'no code action: ' .. vim.inspect(ca and ca.err))
  local chosen
  for _, a in ipairs(ca.result) do
    if a.edit and a.isPreferred then chosen = a break end
  end
  chosen = chosen or ca.result[1]
  assert(chosen.edit, 'the code action has no edit: ' .. chosen.title)
  result.checks.code_action = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  local _, new_line = line_of(bufnr, 'cookie = ')
  assert(not new_line:find('emqxsecretcookie', 1, true), 'the fix left the default cookie: ' .. new_line)
  assert(vim.wait(timeout, function() return find_diag(bufnr, 'cookie-default') == nil end, 20),
    'cookie-default still reported after the fix')
  mark('fixed')

  -- 4. completion from EMQX's schema: the keys of the rpc block after a dotted prefix, and enum values
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { 'rpc.', 'cluster.proto_dist = ' })
  local function labels(line, character)
    local r = client.request_sync('textDocument/completion', {
      textDocument = params.textDocument, position = { line = line, character = character },
    }, timeout, bufnr)
    assert(r and r.result, 'no completion: ' .. vim.inspect(r and r.err))
    local items = r.result.items or r.result
    local out = {}
    for _, it in ipairs(items) do out[it.label] = true end
    return out
  end
  local keys = labels(last, 4)
  assert(keys['protocol'] and keys['certfile'], 'completion lacks rpc.protocol / rpc.certfile: ' .. vim.inspect(vim.tbl_keys(keys)))
  local values = labels(last + 1, 21)
  assert(values['inet_tls'] and values['inet_tcp'], 'completion lacks proto_dist values: ' .. vim.inspect(vim.tbl_keys(values)))
  result.checks.completion = #vim.tbl_keys(keys) .. ' rpc keys, proto_dist values'
  mark('completion')

  -- 5. the outline
  local sym = client.request_sync('textDocument/documentSymbol', { textDocument = params.textDocument }, timeout, bufnr)
  assert(sym and sym.result and #sym.result > 0, 'no document symbols: ' .. vim.inspect(sym and sym.err))
  local names = {}
  for _, x in ipairs(sym.result) do names[#names + 1] = x.name end
  assert(names[1] == 'node' and names[2] == 'cluster', 'outline: ' .. table.concat(names, ', '))
  result.checks.outline = table.concat(names, ', ')
  mark('outline')

  -- 6. a quick fix for a diagnostic sent back as Neovim 0.7 may send it: range and message only
  local plain = find_diag(bufnr, 'dist-plaintext')
  assert(plain, 'no dist-plaintext diagnostic')
  local bare = {
    range = { start = { line = plain.lnum, character = plain.col }, ['end'] = { line = plain.end_lnum, character = plain.end_col } },
    message = plain.message,
  }
  local fixes = client.request_sync('textDocument/codeAction', {
    textDocument = params.textDocument, range = bare.range, context = { diagnostics = { bare } },
  }, timeout, bufnr)
  assert(fixes and fixes.result and #fixes.result > 0, 'no code action for a bare diagnostic: ' .. vim.inspect(fixes and fixes.err))
  result.checks.bare_code_action = fixes.result[1].title
  mark('bare_code_action')
end

local ok, err = pcall(run)
finish(ok, not ok and tostring(err) or nil)
