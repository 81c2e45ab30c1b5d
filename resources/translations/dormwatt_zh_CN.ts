<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>DormWatt</name>
        <message>
            <location filename="../../ui/about_dialog.py" line="49" />
            <source>About DormWatt</source>
            <translation>关于 DormWatt</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="57" />
            <source>Version {version}</source>
            <translation>版本 {version}</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="60" />
            <source>reading…</source>
            <translation>正在读取…</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="67" />
            <source>Store</source>
            <translation>数据库</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="68" />
            <source>Store schema</source>
            <translation>数据库结构版本</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="69" />
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="70" />
            <source>Log file</source>
            <translation>日志文件</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="70" />
            <source>Log folder</source>
            <translation>日志文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="71" />
            <source>Crash reports</source>
            <translation>崩溃报告</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="73" />
            <source>When something goes wrong, copy the diagnostics and send them to your administrator with what you were doing. Passwords are never included.</source>
            <translation>出现问题时，请复制诊断信息，连同您当时正在进行的操作一并发给管理员。诊断信息中绝不包含密码。</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="82" />
            <source>Copy diagnostics</source>
            <translation>复制诊断信息</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="84" />
            <source>Open log folder</source>
            <translation>打开日志文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="122" />
            <source>Gathering the diagnostics…</source>
            <translation>正在收集诊断信息…</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="130" />
            <source>The diagnostics are on the clipboard: paste them into an email to your administrator.</source>
            <translation>诊断信息已复制到剪贴板：请粘贴到邮件中发给管理员。</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="136" />
            <source>Could not gather the diagnostics: {reason}</source>
            <translation>无法收集诊断信息：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/about_dialog.py" line="140" />
            <source>Could not open the folder {path}</source>
            <translation>无法打开文件夹 {path}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="46" />
            <source>Money (all)</source>
            <translation>资金（全部）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="47" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="45" />
            <location filename="../../ui/history_views.py" line="45" />
            <location filename="../../ui/room_panel.py" line="65" />
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Recharge</source>
            <translation>充值</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="48" />
            <location filename="../../ui/admin/audit_page.py" line="93" />
            <location filename="../../ui/admin/batch_checkout.py" line="52" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="100" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="136" />
            <location filename="../../ui/history_views.py" line="45" />
            <location filename="../../ui/room_panel.py" line="65" />
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Refund</source>
            <translation>退费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="49" />
            <location filename="../../ui/history_views.py" line="46" />
            <source>Reversal</source>
            <translation>冲正</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="50" />
            <source>Consumption charge</source>
            <translation>用量扣费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="51" />
            <location filename="../../ui/history_views.py" line="46" />
            <source>Subsidy</source>
            <translation>补贴</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="52" />
            <location filename="../../ui/history_views.py" line="46" />
            <source>Transfer</source>
            <translation>转账</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="53" />
            <source>Stays (all)</source>
            <translation>住宿（全部）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="54" />
            <source>Check-in</source>
            <translation>入住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="55" />
            <source>Check-out</source>
            <translation>退宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="56" />
            <source>Room change</source>
            <translation>调换房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="57" />
            <source>Bed exchange</source>
            <translation>互换床位</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="58" />
            <source>Shift opened</source>
            <translation>开班</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="59" />
            <source>Shift closed</source>
            <translation>交班</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="60" />
            <source>Day closed</source>
            <translation>日结</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="61" />
            <source>Day close printed</source>
            <translation>打印日结报表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="62" />
            <source>Receipt reprinted</source>
            <translation>补打收据</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="63" />
            <source>Recharge voided</source>
            <translation>充值已作废</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="64" />
            <source>Void asked</source>
            <translation>申请作废</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="65" />
            <source>Void failed</source>
            <translation>作废失败</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="66" />
            <source>Refund asked</source>
            <translation>申请退费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="67" />
            <source>Refund paid</source>
            <translation>已退费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="68" />
            <source>Refund failed</source>
            <translation>退费失败</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="69" />
            <source>Share sent through the meters</source>
            <translation>份额经电表转出</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="70" />
            <source>Share credited to the new room</source>
            <translation>份额已转入新房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="71" />
            <source>Share transfer failed</source>
            <translation>份额转移失败</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="72" />
            <source>Backup made</source>
            <translation>已备份</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="73" />
            <location filename="../../ui/admin/audit_page.py" line="93" />
            <source>Settlement</source>
            <translation>结算</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="74" />
            <source>Statement imported</source>
            <translation>导入对账单</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="75" />
            <source>Operators (all)</source>
            <translation>操作员（全部）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="76" />
            <source>Operator created</source>
            <translation>新建操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="77" />
            <source>Operator role changed</source>
            <translation>更改操作员角色</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="78" />
            <source>Password changed</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="79" />
            <source>Operator reactivated</source>
            <translation>重新启用操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="80" />
            <source>Operator deactivated</source>
            <translation>停用操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="81" />
            <source>Tariff created</source>
            <translation>新建电价/水价</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="82" />
            <source>Tariff ended</source>
            <translation>电价/水价停用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="83" />
            <source>Meter assigned</source>
            <translation>表计分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="84" />
            <source>Line added</source>
            <translation>新增线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="85" />
            <source>Line changed</source>
            <translation>修改线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="91" />
            <source>Money operation</source>
            <translation>资金操作</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="91" />
            <source>Stay</source>
            <translation>住宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="91" />
            <source>Shift</source>
            <translation>班次</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="92" />
            <location filename="../../ui/admin/audit_page.py" line="182" />
            <location filename="../../ui/admin/audit_page.py" line="201" />
            <location filename="../../ui/history_views.py" line="119" />
            <source>Operator</source>
            <translation>操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="92" />
            <location filename="../../ui/admin/finance_page.py" line="105" />
            <location filename="../../ui/student_history.py" line="128" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Receipt</source>
            <translation>收据</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="92" />
            <location filename="../../ui/admin/finance_page.py" line="303" />
            <source>Day close</source>
            <translation>日结</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="93" />
            <source>Statement import</source>
            <translation>对账单导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="94" />
            <location filename="../../ui/admin/audit_page.py" line="190" />
            <location filename="../../ui/admin/audit_page.py" line="204" />
            <location filename="../../ui/admin/batch_checkout.py" line="135" />
            <location filename="../../ui/admin/batch_operations.py" line="164" />
            <location filename="../../ui/admin/campus_forms.py" line="145" />
            <location filename="../../ui/admin/campus_page.py" line="58" />
            <location filename="../../ui/admin/finance_page.py" line="103" />
            <location filename="../../ui/admin/line_panel.py" line="114" />
            <location filename="../../ui/admin/lines_forms.py" line="209" />
            <location filename="../../ui/admin/lines_page.py" line="97" />
            <location filename="../../ui/admin/loads_events.py" line="83" />
            <location filename="../../ui/admin/loads_library.py" line="331" />
            <location filename="../../ui/admin/loads_page.py" line="112" />
            <location filename="../../ui/admin/loads_page.py" line="221" />
            <location filename="../../ui/admin/loads_reports.py" line="79" />
            <location filename="../../ui/admin/loads_reports.py" line="89" />
            <location filename="../../ui/admin/loads_reports.py" line="99" />
            <location filename="../../ui/admin/power_assign.py" line="43" />
            <location filename="../../ui/admin/power_assign.py" line="89" />
            <location filename="../../ui/admin/power_sync.py" line="57" />
            <location filename="../../ui/admin/students_page.py" line="137" />
            <location filename="../../ui/alarm_panel.py" line="49" />
            <location filename="../../ui/main_window.py" line="90" />
            <location filename="../../ui/student_history.py" line="116" />
            <location filename="../../ui/student_history.py" line="123" />
            <location filename="../../ui/student_history.py" line="134" />
            <location filename="../../ui/student_history.py" line="143" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Room</source>
            <translation>房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="94" />
            <location filename="../../ui/admin/batch_checkout.py" line="136" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="125" />
            <location filename="../../ui/student_history.py" line="117" />
            <source>Bed</source>
            <translation>床位</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="94" />
            <location filename="../../ui/admin/audit_page.py" line="192" />
            <location filename="../../ui/admin/audit_page.py" line="205" />
            <location filename="../../ui/admin/batch_exchange.py" line="88" />
            <location filename="../../ui/admin/finance_page.py" line="104" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="122" />
            <location filename="../../ui/dialogs/check_out_dialog.py" line="72" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="36" />
            <location filename="../../ui/history_views.py" line="118" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Student</source>
            <translation>学生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="94" />
            <location filename="../../ui/admin/batch_selection.py" line="35" />
            <location filename="../../ui/admin/loads_library.py" line="330" />
            <location filename="../../ui/admin/loads_reports.py" line="79" />
            <location filename="../../ui/admin/money_policies.py" line="43" />
            <location filename="../../ui/admin/money_quota.py" line="32" />
            <location filename="../../ui/admin/money_quota.py" line="99" />
            <location filename="../../ui/admin/power_assign.py" line="43" />
            <location filename="../../ui/admin/power_assign.py" line="87" />
            <location filename="../../ui/admin/power_sync.py" line="58" />
            <source>Building</source>
            <translation>楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="95" />
            <source>Tariff</source>
            <translation>价格</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="95" />
            <source>Quota rule</source>
            <translation>免费额度规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="95" />
            <source>Quota grant</source>
            <translation>免费额度发放</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="95" />
            <location filename="../../ui/admin/lines_forms.py" line="206" />
            <location filename="../../ui/admin/power_sync.py" line="48" />
            <location filename="../../ui/admin/power_sync.py" line="59" />
            <location filename="../../ui/bus_panel.py" line="26" />
            <location filename="../../ui/loads/capture_window.py" line="133" />
            <source>Line</source>
            <translation>线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="96" />
            <location filename="../../ui/admin/campus_page.py" line="63" />
            <location filename="../../ui/admin/line_panel.py" line="49" />
            <source>Electricity meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="96" />
            <location filename="../../ui/admin/campus_page.py" line="64" />
            <location filename="../../ui/admin/line_panel.py" line="49" />
            <source>Water meter</source>
            <translation>水表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="96" />
            <location filename="../../ui/admin/loads_events.py" line="75" />
            <location filename="../../ui/admin/meter_actions.py" line="258" />
            <location filename="../../ui/history_views.py" line="156" />
            <location filename="../../ui/loads/capture_window.py" line="134" />
            <source>Meter</source>
            <translation>表计</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="97" />
            <source>Meter command</source>
            <translation>表计命令</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="97" />
            <location filename="../../ui/campus_nav.py" line="16" />
            <source>Alarm</source>
            <translation>告警</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="97" />
            <source>Setting</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="98" />
            <source>Ledger entry</source>
            <translation>账目</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="98" />
            <source>Share transfer</source>
            <translation>份额转移</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="115" />
            <source>Chain broken: {problem} ({n} problems in all). Run “python main.py audit verify” for the full list.</source>
            <translation>审计链断裂：{problem}（共 {n} 处问题）。运行“python main.py audit verify”查看完整列表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="118" />
            <source>Chain intact: {n} records; no anchor written yet (the first shift close writes one).</source>
            <translation>审计链完好：{n} 条记录；尚未写入锚点（第一次交班时写入）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="120" />
            <source>Chain intact: {n} records, anchored at {at}.</source>
            <translation>审计链完好：{n} 条记录，最近锚定于 {at}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="135" />
            <location filename="../../ui/admin/audit_page.py" line="330" />
            <source>Checking the chain…</source>
            <translation>正在校验审计链…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="138" />
            <source>Check now</source>
            <translation>立即校验</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="147" />
            <source>Everyone</source>
            <translation>全部人员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="150" />
            <source>Every action</source>
            <translation>全部操作</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="152" />
            <location filename="../../ui/admin/batch_exchange.py" line="89" />
            <location filename="../../ui/admin/loads_reports.py" line="180" />
            <location filename="../../ui/admin/money_quota.py" line="33" />
            <location filename="../../ui/admin/money_tariffs.py" line="37" />
            <location filename="../../ui/admin/reports_page.py" line="214" />
            <location filename="../../ui/student_history.py" line="118" />
            <source>From</source>
            <translation>起</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="156" />
            <location filename="../../ui/admin/batch_exchange.py" line="90" />
            <location filename="../../ui/admin/loads_reports.py" line="182" />
            <source>To</source>
            <translation>止</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="167" />
            <location filename="../../ui/admin/loads_page.py" line="72" />
            <source>Room, e.g. B1-101</source>
            <translation>房间，如 B1-101</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="170" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="65" />
            <source>Student number or name</source>
            <translation>学号或姓名</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="174" />
            <source>Search</source>
            <translation>查询</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="184" />
            <location filename="../../ui/admin/audit_page.py" line="202" />
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="200" />
            <location filename="../../ui/admin/line_panel.py" line="118" />
            <location filename="../../ui/admin/loads_events.py" line="70" />
            <location filename="../../ui/history_views.py" line="111" />
            <location filename="../../ui/history_views.py" line="153" />
            <location filename="../../ui/loads/capture_plots.py" line="125" />
            <location filename="../../ui/student_history.py" line="122" />
            <location filename="../../ui/student_history.py" line="133" />
            <location filename="../../ui/student_history.py" line="142" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="201" />
            <location filename="../../ui/admin/audit_page.py" line="321" />
            <location filename="../../ui/status_panel.py" line="33" />
            <source>System</source>
            <translation>系统</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="203" />
            <source>Object</source>
            <translation>对象</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="206" />
            <source>Details</source>
            <translation>详情</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="207" />
            <location filename="../../ui/admin/pages.py" line="47" />
            <source>Audit trail</source>
            <translation>审计日志</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="212" />
            <source>Select a record to see everything it holds.</source>
            <translation>选择一条记录以查看全部内容。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="221" />
            <source>Show older records</source>
            <translation>显示更早的记录</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="299" />
            <source>The newest {n} records are shown; older ones pass the filters too.</source>
            <translation>已显示最新的 {n} 条记录；更早的记录也符合筛选条件。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="322" />
            <source>Record {id} · {at} · {who} · {action} ({code})</source>
            <translation>记录 {id} · {at} · {who} · {action}（{code}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/audit_page.py" line="345" />
            <source>The chain could not be checked: {error}</source>
            <translation>无法校验审计链：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="45" />
            <source>{n:.1f} MB</source>
            <translation>{n:.1f} MB</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="45" />
            <source>{n} KB</source>
            <translation>{n} KB</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="59" />
            <source>Make a backup every day (the meter service does it)</source>
            <translation>每天备份一次（由电表服务执行）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="63" />
            <source>Empty: the user data folder's backups, on the service's computer</source>
            <translation>留空：服务所在电脑的用户数据文件夹中的 backups</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="64" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="79" />
            <source>Folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="80" />
            <source>Keep the newest</source>
            <translation>保留最新的份数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="81" />
            <source>At (campus time)</source>
            <translation>时间（校园时间）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="82" />
            <location filename="../../ui/admin/money_policies.py" line="116" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="85" />
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="98" />
            <source>Backup</source>
            <translation>备份</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="99" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="101" />
            <source>To restore a backup, stop every DormWatt program and run “python main.py restore FILE --db URL” onto an empty store; it is then checked as “ledger verify” and “audit verify” check it.</source>
            <translation>恢复备份时，请先关闭所有 DormWatt 程序，然后运行“python main.py restore FILE --db URL”恢复到一个空数据库；恢复后会按“ledger verify”和“audit verify”的方式进行核验。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="132" />
            <source>{n} backup(s) in {folder} (as this computer sees it):</source>
            <translation>{folder} 中有 {n} 份备份（本机所见）：</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="140" />
            <source>No daily backup has been made yet.</source>
            <translation>尚未进行过每日备份。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="143" />
            <source>Last daily backup: {day}, {file}</source>
            <translation>最近一次每日备份：{day}，{file}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="145" />
            <source>The daily backup of {day} failed: {reason}. It is tried again an hour later.</source>
            <translation>{day} 的每日备份失败：{reason}。一小时后会再次尝试。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="147" />
            <source>The daily backup of {day} is being made by {by}.</source>
            <translation>{day} 的每日备份正由 {by} 进行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="152" />
            <source>Backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="167" />
            <source>Saved. The service follows the new settings from its next check (within a minute).</source>
            <translation>已保存。服务将在下一次检查时（一分钟内）采用新设置。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="174" />
            <source>Backing up…</source>
            <translation>正在备份…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/backup_page.py" line="180" />
            <source>Backup written: {path}</source>
            <translation>备份已写入：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="52" />
            <source>Owes money</source>
            <translation>欠费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="52" />
            <source>Nothing to settle</source>
            <translation>无需结算</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="52" />
            <source>Checked out</source>
            <translation>已退宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="53" />
            <location filename="../../ui/admin/batch_import.py" line="55" />
            <location filename="../../ui/admin/batch_import.py" line="60" />
            <location filename="../../ui/admin/batch_import.py" line="161" />
            <location filename="../../ui/admin/batch_operations.py" line="64" />
            <location filename="../../ui/admin/loads_reports.py" line="40" />
            <location filename="../../ui/admin/power_sync.py" line="26" />
            <location filename="../../ui/admin/power_sync.py" line="51" />
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="53" />
            <location filename="../../ui/admin/batch_operations.py" line="63" />
            <location filename="../../ui/admin/batch_operations.py" line="64" />
            <source>Skipped</source>
            <translation>已跳过</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="53" />
            <location filename="../../ui/admin/batch_operations.py" line="64" />
            <source>Not done (cancelled)</source>
            <translation>未办理（已取消）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="116" />
            <location filename="../../ui/admin/batch_operations.py" line="144" />
            <source>Dry run</source>
            <translation>试算</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="121" />
            <source>Check-out time</source>
            <translation>退宿时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="125" />
            <source>Choose whom to check out, then make a dry run: nothing is written until you check them out.</source>
            <translation>选择要退宿的学生，然后试算：办理退宿前不会写入任何数据。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="131" />
            <location filename="../../ui/admin/batch_exchange.py" line="69" />
            <source>Student no.</source>
            <translation>学号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="132" />
            <location filename="../../ui/admin/lines_forms.py" line="63" />
            <location filename="../../ui/admin/lines_page.py" line="71" />
            <location filename="../../ui/admin/loads_library.py" line="325" />
            <location filename="../../ui/admin/loads_profiles.py" line="302" />
            <location filename="../../ui/admin/operators_page.py" line="65" />
            <location filename="../../ui/admin/operators_page.py" line="140" />
            <location filename="../../ui/admin/power_calendar.py" line="208" />
            <location filename="../../ui/admin/power_calendar.py" line="233" />
            <location filename="../../ui/admin/students_page.py" line="51" />
            <location filename="../../ui/admin/students_page.py" line="131" />
            <location filename="../../ui/loads/capture_list.py" line="165" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="133" />
            <location filename="../../ui/admin/batch_selection.py" line="39" />
            <location filename="../../ui/admin/students_page.py" line="55" />
            <location filename="../../ui/admin/students_page.py" line="133" />
            <location filename="../../ui/admin/students_page.py" line="181" />
            <source>College</source>
            <translation>学院</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="134" />
            <location filename="../../ui/admin/batch_selection.py" line="39" />
            <location filename="../../ui/admin/students_page.py" line="56" />
            <location filename="../../ui/admin/students_page.py" line="134" />
            <location filename="../../ui/admin/students_page.py" line="181" />
            <source>Class</source>
            <translation>班级</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="137" />
            <source>Electricity refund</source>
            <translation>电费退款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="138" />
            <source>Water refund</source>
            <translation>水费退款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="139" />
            <source>Owes</source>
            <translation>欠款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="140" />
            <location filename="../../ui/admin/batch_import.py" line="126" />
            <location filename="../../ui/admin/batch_import.py" line="158" />
            <location filename="../../ui/admin/batch_operations.py" line="166" />
            <location filename="../../ui/admin/loads_reports.py" line="102" />
            <location filename="../../ui/admin/money_quota.py" line="35" />
            <location filename="../../ui/admin/money_tariffs.py" line="40" />
            <location filename="../../ui/admin/students_page.py" line="136" />
            <location filename="../../ui/admin/students_page.py" line="181" />
            <location filename="../../ui/student_history.py" line="138" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="141" />
            <location filename="../../ui/admin/batch_import.py" line="129" />
            <location filename="../../ui/admin/batch_operations.py" line="167" />
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="145" />
            <source>Save the slips (PDF)…</source>
            <translation>保存结算单（PDF）…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="148" />
            <source>Save the summary (.xlsx)…</source>
            <translation>保存汇总表（.xlsx）…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="153" />
            <source>%v of %m students</source>
            <translation>%v / %m 名学生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="154" />
            <location filename="../../ui/admin/batch_import.py" line="139" />
            <location filename="../../ui/admin/batch_operations.py" line="174" />
            <location filename="../../ui/admin/power_sync.py" line="54" />
            <location filename="../../ui/alarm_panel.py" line="121" />
            <location filename="../../ui/dialogs/__init__.py" line="122" />
            <location filename="../../ui/loads/capture_window.py" line="141" />
            <location filename="../../ui/policies/policy_editor.py" line="169" />
            <location filename="../../ui/setup_wizard.py" line="134" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="157" />
            <location filename="../../ui/admin/batch_checkout.py" line="240" />
            <location filename="../../ui/admin/batch_checkout.py" line="339" />
            <location filename="../../ui/dialogs/check_out_dialog.py" line="57" />
            <location filename="../../ui/room_panel.py" line="66" />
            <source>Check out</source>
            <translation>退宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="202" />
            <source>The selection changed: make a dry run.</source>
            <translation>选择已改变：请重新试算。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="207" />
            <source>Settling every student of the selection on paper…</source>
            <translation>正在为所选学生试算结算…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="215" />
            <source>Nothing has been written yet.</source>
            <translation>尚未写入任何数据。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="215" />
            <source>Nobody of this selection is checked in.</source>
            <translation>所选范围内没有在住学生。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="220" />
            <source>{n} students: refunds {refunds} (electricity {e}, water {w}), debts {debts}</source>
            <translation>{n} 名学生：退款 {refunds}（电费 {e}，水费 {w}），欠款 {debts}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="225" />
            <source>Dry run at {time}: {totals}.</source>
            <translation>按 {time} 试算：{totals}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="227" />
            <source>{debt} owe money, {zero} have nothing to settle.</source>
            <translation>{debt} 人欠费，{zero} 人无需结算。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="241" />
            <source>Check out and settle {n} students? Refunds of {refunds} are paid out or come back from the meters; {debt} students who owe money are checked out with their debt listed.</source>
            <translation>为 {n} 名学生办理退宿并结算？退款 {refunds} 将支付或从电表退回；{debt} 名欠费学生办理退宿，欠款列出。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="262" />
            <source>Checking out…</source>
            <translation>正在办理退宿…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="271" />
            <source>Stopping after the student being checked out now…</source>
            <translation>当前学生办理完后停止…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="282" />
            <source>Checked out {done} students ({debt} with a debt); {failed} failed, {skipped} skipped, {cancelled} not done.</source>
            <translation>已为 {done} 名学生办理退宿（其中 {debt} 人欠费）；失败 {failed}，跳过 {skipped}，未办理 {cancelled}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="285" />
            <source>Cancelled: those checked out stay checked out; make a dry run to go on with the others.</source>
            <translation>已取消：已办理的保持退宿；重新试算即可继续办理其余学生。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="286" />
            <source>Done. Save the slips and the summary for the office.</source>
            <translation>办理完毕。请保存结算单和汇总表备查。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="298" />
            <source>Save the slips</source>
            <translation>保存结算单</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="298" />
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="317" />
            <source>Save the summary</source>
            <translation>保存汇总表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="318" />
            <location filename="../../ui/admin/batch_import.py" line="384" />
            <location filename="../../ui/admin/batch_import.py" line="407" />
            <location filename="../../ui/admin/reports_page.py" line="346" />
            <location filename="../../ui/admin/reports_page.py" line="381" />
            <location filename="../../ui/admin/table.py" line="188" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="329" />
            <location filename="../../ui/admin/reports_page.py" line="392" />
            <source>Saved to {path}.</source>
            <translation>已保存到 {path}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_checkout.py" line="339" />
            <source>Check out {n} students…</source>
            <translation>为 {n} 名学生办理退宿…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="35" />
            <location filename="../../ui/admin/batch_operations.py" line="131" />
            <location filename="../../ui/dialogs/__init__.py" line="44" />
            <location filename="../../ui/history_views.py" line="41" />
            <location filename="../../ui/history_views.py" line="125" />
            <location filename="../../ui/room_panel.py" line="290" />
            <source>Electricity</source>
            <translation>电费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="35" />
            <location filename="../../ui/admin/batch_operations.py" line="132" />
            <location filename="../../ui/card_delegate.py" line="119" />
            <location filename="../../ui/dialogs/__init__.py" line="44" />
            <location filename="../../ui/history_views.py" line="41" />
            <location filename="../../ui/history_views.py" line="126" />
            <location filename="../../ui/room_panel.py" line="291" />
            <source>Water</source>
            <translation>水费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="37" />
            <source>Electricity {amount} moves with them through the meters (old meter first)</source>
            <translation>电费 {amount} 经电表随本人转入新房间（先从旧表转出）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="40" />
            <source>{utility} {amount} moves with them</source>
            <translation>{utility} {amount} 随本人转入新房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="43" />
            <source>{utility} {amount} stays in the old room (refund it at the counter)</source>
            <translation>{utility} {amount} 留在原房间（请在柜台退款）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="46" />
            <source>{utility}: owes {amount}</source>
            <translation>{utility}：欠 {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="72" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="53" />
            <source>Room code, e.g. B1-102</source>
            <translation>房间编号，如 B1-102</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="75" />
            <source>Bed (optional)</source>
            <translation>床位（可不填）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="77" />
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="82" />
            <source>Move</source>
            <translation>调</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="82" />
            <location filename="../../ui/admin/reports_page.py" line="216" />
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="87" />
            <location filename="../../ui/admin/batch_import.py" line="125" />
            <location filename="../../ui/admin/campus_forms.py" line="265" />
            <location filename="../../ui/admin/lines_forms.py" line="205" />
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="91" />
            <source>any bed</source>
            <translation>任一床位</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="92" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="155" />
            <source>Money</source>
            <translation>金额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="93" />
            <source>Why not</source>
            <translation>不能办理的原因</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="97" />
            <location filename="../../ui/admin/loads_profiles.py" line="226" />
            <location filename="../../ui/admin/power_assign.py" line="150" />
            <location filename="../../ui/admin/power_calendar.py" line="108" />
            <location filename="../../ui/admin/power_calendar.py" line="116" />
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="98" />
            <source>Check</source>
            <translation>检查</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="101" />
            <source>Apply</source>
            <translation>执行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="104" />
            <source>Add the moves; a swap is two rows, a cycle three or more. Check the list, then apply it: it is applied whole or not at all.</source>
            <translation>添加调宿：互换为两行，轮换为三行或更多。先检查清单再执行：要么全部执行，要么全部不执行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="126" />
            <source>Give the student number and the target room.</source>
            <translation>请填写学号和目标房间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="163" />
            <source>{n} rows cannot be done; nothing can be applied until they are changed or removed.</source>
            <translation>{n} 行无法办理；修改或删除这些行之前整个清单都不能执行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="167" />
            <source>All {n} moves can be done together. Nothing has been written yet.</source>
            <translation>{n} 项调宿可以一起办理。尚未写入任何数据。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_exchange.py" line="182" />
            <source>Applied: {n} students moved; water carried {water}; electricity {electricity} on its way through the meters.</source>
            <translation>已执行：{n} 名学生调宿；转入水费 {water}；电费 {electricity} 正经电表转入。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="54" />
            <source>New</source>
            <translation>新增</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="54" />
            <source>Update</source>
            <translation>更新</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="54" />
            <source>Unchanged</source>
            <translation>无变化</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="54" />
            <location filename="../../ui/alarm_panel.py" line="50" />
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="55" />
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="59" />
            <source>Stopped before its end</source>
            <translation>未完成即中断</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="59" />
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="59" />
            <location filename="../../ui/admin/batch_operations.py" line="63" />
            <location filename="../../ui/admin/loads_reports.py" line="40" />
            <location filename="../../ui/admin/start_page.py" line="107" />
            <source>Done</source>
            <translation>已完成</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="84" />
            <source>Download the template…</source>
            <translation>下载模板…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="87" />
            <source>Choose a file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="90" />
            <source>No file chosen.</source>
            <translation>尚未选择文件。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="107" />
            <source>Previous</source>
            <comment>page</comment>
            <translation>上一页</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="110" />
            <source>Next</source>
            <comment>page</comment>
            <translation>下一页</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="116" />
            <location filename="../../ui/admin/loads_page.py" line="74" />
            <location filename="../../ui/admin/loads_reports.py" line="144" />
            <location filename="../../ui/admin/power_assign.py" line="159" />
            <location filename="../../ui/admin/reports_page.py" line="196" />
            <location filename="../../ui/admin/start_page.py" line="119" />
            <source>Show</source>
            <translation>查看</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="128" />
            <source>What changes</source>
            <translation>变更内容</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="133" />
            <source>Save the rows with errors…</source>
            <translation>保存出错的行…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="136" />
            <location filename="../../ui/admin/batch_import.py" line="438" />
            <location filename="../../ui/admin/batch_selection.py" line="45" />
            <location filename="../../ui/admin/campus_forms.py" line="273" />
            <location filename="../../ui/admin/lines_forms.py" line="218" />
            <location filename="../../ui/admin/loads_library.py" line="416" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="144" />
            <source>%v of %m rows</source>
            <translation>%v / %m 行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="156" />
            <location filename="../../ui/admin/finance_page.py" line="149" />
            <location filename="../../ui/admin/lines_forms.py" line="202" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="157" />
            <source>Started</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="159" />
            <source>Rows applied</source>
            <translation>已导入行数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="173" />
            <source>Earlier imports</source>
            <translation>以往导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="190" />
            <source>Choose the file to import</source>
            <translation>选择要导入的文件</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="191" />
            <source>Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)</source>
            <translation>电子表格 (*.xlsx *.xlsm *.csv);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="205" />
            <location filename="../../ui/admin/campus_forms.py" line="260" />
            <source>Reading {file}…</source>
            <translation>正在读取 {file}…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="217" />
            <source>All rows ({n})</source>
            <translation>全部行（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="226" />
            <source>An import of this file stopped after {done} of {total} rows; “Continue” applies the rest (rows already applied are not applied again).</source>
            <translation>此文件上次导入在 {total} 行中的第 {done} 行后中断；点“继续”导入其余的行（已导入的行不会重复导入）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="230" />
            <source>Nothing has been written yet. Check the rows, then import.</source>
            <translation>尚未写入任何数据。请检查各行，然后导入。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="232" />
            <source>Nothing to import: every row is unchanged or has an error.</source>
            <translation>没有可导入的内容：每一行都无变化或有错误。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="239" />
            <source>{rows} rows: {new} new, {update} to update, {unchanged} unchanged, {warning} with warnings, {error} with errors.</source>
            <translation>共 {rows} 行：新增 {new}，更新 {update}，无变化 {unchanged}，有警告 {warning}，有错误 {error}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="243" />
            <source>{building}: {new} new, {update} updated, {beds} beds</source>
            <translation>{building}：新增 {new}，更新 {update}，床位 {beds}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="244" />
            <source>no building</source>
            <translation>无楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="245" />
            <source>Per building — {parts}.</source>
            <translation>按楼栋 — {parts}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="248" />
            <source>Check-ins without a date are dated {day} (the term's first day).</source>
            <translation>未填入住日期的按 {day}（学期第一天）入住。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="279" />
            <source>Rows {first}–{last} of {total}</source>
            <translation>第 {first}–{last} 行，共 {total} 行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="300" />
            <source>Nothing changes</source>
            <translation>无变化</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="308" />
            <source>New: {changes}</source>
            <translation>新增：{changes}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="333" />
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="341" />
            <source>Stopping after the rows being written now…</source>
            <translation>正在写入的行完成后停止…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="359" />
            <source>Imported: {done} rows applied, {failed} failed.</source>
            <translation>导入完成：成功 {done} 行，失败 {failed} 行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="362" />
            <source>Cancelled after {done} of {total} rows; they stay applied. Choose the same file again to continue.</source>
            <translation>已在 {total} 行中的第 {done} 行后取消；已导入的行保留。再次选择同一文件即可继续。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="383" />
            <source>Save the template</source>
            <translation>保存模板</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="400" />
            <source>Template saved to {path}.</source>
            <translation>模板已保存到 {path}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="406" />
            <source>Save the rows with errors</source>
            <translation>保存出错的行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="416" />
            <source>{n} rows saved to {path}: correct them there and import that file.</source>
            <translation>已将 {n} 行保存到 {path}：在该文件中改正后直接导入。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="433" />
            <source>Continue ({n} rows left)</source>
            <translation>继续（剩余 {n} 行）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_import.py" line="438" />
            <source>Import {n} rows</source>
            <translation>导入 {n} 行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="56" />
            <source>Power a branch off</source>
            <translation>断开某一支路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="56" />
            <source>Give a branch back to the meter</source>
            <translation>支路恢复电表自控</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="57" />
            <source>Keep a branch on</source>
            <translation>保持支路通电</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="57" />
            <source>Grant a subsidy</source>
            <translation>发放补贴</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="57" />
            <source>Grant free quota</source>
            <translation>发放免费额度</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="58" />
            <source>Set the linkage lock</source>
            <translation>设置水电联动锁</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="59" />
            <source>Lift the linkage lock</source>
            <translation>解除水电联动锁</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="59" />
            <source>Write the price in force to the meters</source>
            <translation>将现行电价写入电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="63" />
            <source>Will be done</source>
            <translation>将办理</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="63" />
            <source>Waiting for the meter</source>
            <translation>等待电表执行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="65" />
            <source>On the meter</source>
            <translation>已到表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="74" />
            <source>CNY</source>
            <translation>元</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="74" />
            <source>Amount per room, e.g. 20.00</source>
            <translation>每间金额，例如 20.00</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="76" />
            <location filename="../../ui/consumption_bars.py" line="28" />
            <source>kWh</source>
            <translation>千瓦时</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="76" />
            <source>kWh per room, e.g. 12.5</source>
            <translation>每间房的千瓦时，例如 12.5</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="77" />
            <source>litres</source>
            <translation>升</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="77" />
            <source>Whole litres per room, e.g. 500</source>
            <translation>每间房的整升数，例如 500</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="93" />
            <source>Credit on the meter: {state}</source>
            <translation>电表充值：{state}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="141" />
            <source>Memo (optional)</source>
            <translation>备注（可选）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="148" />
            <source>Operation</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="158" />
            <source>Choose the rooms and the operation, then make a dry run: nothing is done until you run it.</source>
            <translation>选择房间和操作，然后试算：执行前不会做任何事。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="165" />
            <location filename="../../ui/admin/campus_forms.py" line="149" />
            <source>What happens</source>
            <translation>处理结果</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="173" />
            <source>%v of %m rooms</source>
            <translation>%v / %m 间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="177" />
            <location filename="../../ui/admin/batch_operations.py" line="267" />
            <location filename="../../ui/admin/batch_operations.py" line="346" />
            <source>Run</source>
            <translation>执行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="226" />
            <source>The choice changed: make a dry run.</source>
            <translation>选择已改变：请重新试算。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="249" />
            <source>Looking at every room of the selection…</source>
            <translation>正在查看所选的每个房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="256" />
            <source>{op}: {n} rooms will be done, {skip} skipped.</source>
            <translation>{op}：将办理 {n} 间，跳过 {skip} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="258" />
            <source>Nothing has been done yet.</source>
            <translation>尚未执行任何操作。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="268" />
            <source>{op} for {n} rooms?</source>
            <translation>对 {n} 间房{op}？</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="289" />
            <source>Working…</source>
            <translation>正在执行…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="298" />
            <source>Stopping after the room in hand…</source>
            <translation>当前房间完成后停止…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="312" />
            <source>{done} rooms done, {pending} waiting for their meter, {failed} failed, {skipped} skipped, {cancelled} not done.</source>
            <translation>已完成 {done} 间，等待电表 {pending} 间，失败 {failed} 间，跳过 {skipped} 间，未执行 {cancelled} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="316" />
            <source>Following the meters…</source>
            <translation>正在跟踪电表执行结果…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="319" />
            <source>Cancelled: run it again to go on; rooms done are not done twice.</source>
            <translation>已取消：再次执行即可继续；已完成的房间不会重复办理。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="320" />
            <source>Every room has its answer.</source>
            <translation>每个房间都已有结果。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="345" />
            <source>Run again for the rest</source>
            <translation>继续执行其余房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_operations.py" line="346" />
            <source>Run for {n} rooms…</source>
            <translation>对 {n} 间房执行…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_page.py" line="35" />
            <source>Roster import</source>
            <translation>名单导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_page.py" line="36" />
            <source>Exchange from a file</source>
            <translation>按文件调宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_page.py" line="37" />
            <source>Exchange list</source>
            <translation>调宿清单</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_page.py" line="38" />
            <source>Check-out by class</source>
            <translation>按班级退宿</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_page.py" line="39" />
            <source>Operations on rooms</source>
            <translation>批量房间操作</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="35" />
            <location filename="../../ui/admin/campus_forms.py" line="116" />
            <location filename="../../ui/admin/campus_forms.py" line="146" />
            <location filename="../../ui/admin/campus_page.py" line="59" />
            <location filename="../../ui/admin/power_assign.py" line="43" />
            <location filename="../../ui/admin/power_assign.py" line="88" />
            <source>Floor</source>
            <translation>楼层</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="69" />
            <source>Every building</source>
            <translation>全部楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="73" />
            <source>Every college ({n})</source>
            <translation>全部学院（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="83" />
            <source>Any room</source>
            <translation>不限</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="85" />
            <source>Rooms of import {n}: {file}</source>
            <translation>第 {n} 次导入的房间：{file}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="92" />
            <source>Every floor</source>
            <translation>全部楼层</translation>
        </message>
        <message>
            <location filename="../../ui/admin/batch_selection.py" line="103" />
            <source>Every class</source>
            <translation>全部班级</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="30" />
            <location filename="../../ui/admin/students_page.py" line="32" />
            <location filename="../../ui/room_panel.py" line="283" />
            <location filename="../../ui/setup_wizard.py" line="181" />
            <source>Male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="30" />
            <location filename="../../ui/admin/students_page.py" line="32" />
            <location filename="../../ui/room_panel.py" line="283" />
            <location filename="../../ui/setup_wizard.py" line="182" />
            <source>Female</source>
            <translation>女</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="31" />
            <source>Mixed</source>
            <translation>男女混住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="31" />
            <source>Men only</source>
            <translation>仅男生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="31" />
            <source>Women only</source>
            <translation>仅女生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="65" />
            <location filename="../../ui/setup_wizard.py" line="168" />
            <source>Add a building</source>
            <translation>添加楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="65" />
            <source>Edit building</source>
            <translation>修改楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="69" />
            <location filename="../../ui/admin/campus_page.py" line="49" />
            <location filename="../../ui/setup_wizard.py" line="171" />
            <source>Building code</source>
            <translation>楼栋编号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="71" />
            <source>e.g. B1 (letters and digits)</source>
            <translation>例如 B1（字母和数字）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="72" />
            <location filename="../../ui/admin/campus_page.py" line="50" />
            <location filename="../../ui/admin/money_policies.py" line="44" />
            <location filename="../../ui/setup_wizard.py" line="174" />
            <source>Building name</source>
            <translation>楼栋名称</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="74" />
            <location filename="../../ui/admin/campus_page.py" line="51" />
            <source>Who lives there</source>
            <translation>入住对象</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="77" />
            <location filename="../../ui/admin/campus_page.py" line="52" />
            <location filename="../../ui/setup_wizard.py" line="176" />
            <source>Floors</source>
            <translation>楼层数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="79" />
            <source>{code} {name}</source>
            <translation>{code} {name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="106" />
            <source>Add a room</source>
            <translation>添加房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="106" />
            <source>Edit room</source>
            <translation>修改房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="110" />
            <source>Building {code} {name}</source>
            <translation>楼栋 {code} {name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="112" />
            <source>Room number</source>
            <translation>房间号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="114" />
            <source>e.g. 101</source>
            <translation>例如 101</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="117" />
            <location filename="../../ui/admin/campus_forms.py" line="147" />
            <location filename="../../ui/admin/campus_page.py" line="54" />
            <location filename="../../ui/admin/campus_page.py" line="60" />
            <source>Beds</source>
            <translation>床位数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="118" />
            <location filename="../../ui/admin/campus_forms.py" line="148" />
            <location filename="../../ui/admin/campus_forms.py" line="172" />
            <location filename="../../ui/admin/campus_page.py" line="62" />
            <location filename="../../ui/admin/students_page.py" line="52" />
            <location filename="../../ui/admin/students_page.py" line="132" />
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="149" />
            <source>To create</source>
            <translation>将创建</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="149" />
            <source>Already there: skipped</source>
            <translation>已存在：跳过</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="150" />
            <source>Rooms to create</source>
            <translation>待创建的房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="160" />
            <source>Create rooms in bulk</source>
            <translation>批量创建房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="165" />
            <source>Building {code} {name}: rooms are numbered floor and two digits (floor 3, room 7: 307).</source>
            <translation>楼栋 {code} {name}：房间号为楼层加两位序号（3 楼第 7 间：307）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="167" />
            <source>From floor</source>
            <translation>起始楼层</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="168" />
            <source>To floor</source>
            <translation>结束楼层</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="169" />
            <source>First room on each floor</source>
            <translation>每层起始房间序号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="170" />
            <source>Last room on each floor</source>
            <translation>每层结束房间序号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="171" />
            <source>Beds in each room</source>
            <translation>每间床位数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="180" />
            <source>Create</source>
            <translation>创建</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="231" />
            <source>Rooms to create: {n}. Already there (skipped): {m}.</source>
            <translation>将创建房间：{n} 间。已存在（跳过）：{m} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="255" />
            <location filename="../../ui/admin/campus_page.py" line="236" />
            <source>Import the campus layout</source>
            <translation>导入楼栋房间表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="266" />
            <source>Cell</source>
            <translation>单元格</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="267" />
            <location filename="../../ui/admin/lines_forms.py" line="211" />
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="268" />
            <source>Layout problems</source>
            <translation>楼栋房间表问题</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="287" />
            <source>Layout from {file}</source>
            <translation>来自 {file} 的楼栋房间表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="290" />
            <source>New building {code} {name}, floors: {floors}.</source>
            <translation>新楼栋 {code} {name}，楼层数：{floors}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="292" />
            <source>Rooms to create: {n}.</source>
            <translation>将创建房间：{n} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="294" />
            <source>Rooms already there as the file says (skipped): {n}.</source>
            <translation>已存在且与文件一致的房间（跳过）：{n} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="296" />
            <source>Rows left out whole because of a problem (listed below): {n}. Correct them in the file and import it again.</source>
            <translation>因有问题而整行不导入的行（见下表）：{n} 行。请在文件中改正后重新导入。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="299" />
            <source>No problems found.</source>
            <translation>未发现问题。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_forms.py" line="327" />
            <location filename="../../ui/admin/loads_library.py" line="188" />
            <location filename="../../ui/admin/loads_library.py" line="364" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="35" />
            <location filename="../../ui/admin/lines_page.py" line="69" />
            <location filename="../../ui/admin/money_tab.py" line="24" />
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="35" />
            <location filename="../../ui/admin/lines_page.py" line="69" />
            <location filename="../../ui/admin/money_tab.py" line="24" />
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="53" />
            <location filename="../../ui/campus_nav.py" line="25" />
            <source>Rooms</source>
            <translation>房间数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="55" />
            <location filename="../../ui/admin/campus_page.py" line="61" />
            <source>In use</source>
            <translation>已入住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="56" />
            <source>Buildings</source>
            <translation>楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="65" />
            <source>Room list</source>
            <translation>房间列表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="66" />
            <source>Add building…</source>
            <translation>添加楼栋…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="67" />
            <source>Edit building…</source>
            <translation>修改楼栋…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="68" />
            <source>Delete building…</source>
            <translation>删除楼栋…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="70" />
            <source>Import layout from Excel…</source>
            <translation>从 Excel 导入楼栋房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="76" />
            <source>Add room…</source>
            <translation>添加房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="77" />
            <source>Edit room…</source>
            <translation>修改房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="78" />
            <source>Delete room…</source>
            <translation>删除房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="79" />
            <source>Bulk create rooms…</source>
            <translation>批量创建房间…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="125" />
            <source>Rooms of {code} {name}</source>
            <translation>{code} {name} 的房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="126" />
            <source>No building yet: add one or import a layout.</source>
            <translation>还没有楼栋：请添加楼栋或导入楼栋房间表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="170" />
            <source>Building {code} is added.</source>
            <translation>楼栋 {code} 已添加。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="178" />
            <source>Building {code} is saved.</source>
            <translation>楼栋 {code} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="186" />
            <source>Delete building</source>
            <translation>删除楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="186" />
            <source>Delete building {code} {name} with its {rooms} rooms and their beds? A building whose rooms have students or history cannot be deleted.</source>
            <translation>删除楼栋 {code} {name} 及其 {rooms} 个房间和床位？房间有学生入住或有历史记录的楼栋不能删除。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="191" />
            <source>Building {code} is deleted.</source>
            <translation>楼栋 {code} 已删除。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="199" />
            <source>Room {code}-{number} is added.</source>
            <translation>房间 {code}-{number} 已添加。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="208" />
            <source>Room {code}-{number} is saved.</source>
            <translation>房间 {code}-{number} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="216" />
            <source>Delete room</source>
            <translation>删除房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="216" />
            <source>Delete room {room} and its {beds} beds? A room with students or history cannot be deleted.</source>
            <translation>删除房间 {room} 及其 {beds} 个床位？有学生入住或有历史记录的房间不能删除。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="219" />
            <source>Room {room} is deleted.</source>
            <translation>房间 {room} 已删除。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="231" />
            <source>Rooms created in {code}: {n}. Already there (skipped): {m}.</source>
            <translation>{code} 已创建房间：{n} 间。已存在（跳过）：{m} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="237" />
            <source>Spreadsheets (*.xlsx *.csv)</source>
            <translation>电子表格 (*.xlsx *.csv)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/campus_page.py" line="247" />
            <source>Imported from {file}. Buildings created: {buildings}. Rooms created: {rooms}.</source>
            <translation>已从 {file} 导入。新建楼栋：{buildings} 栋。新建房间：{rooms} 间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="61" />
            <source>Close the day…</source>
            <translation>日结…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="65" />
            <location filename="../../ui/admin/finance_day_close.py" line="79" />
            <source>Business date</source>
            <translation>营业日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="78" />
            <source>No.</source>
            <translation>编号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="80" />
            <source>Closed at</source>
            <translation>结账时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="81" />
            <location filename="../../ui/admin/finance_page.py" line="160" />
            <source>By</source>
            <translation>操作人</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="82" />
            <source>Shifts</source>
            <translation>班次</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="83" />
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>In</source>
            <translation>收入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="84" />
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>Out</source>
            <translation>支出</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="85" />
            <source>Net</source>
            <translation>净额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="86" />
            <source>Prints</source>
            <translation>打印次数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="87" />
            <source>Day closes</source>
            <translation>日结记录</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="88" />
            <location filename="../../ui/transactions_view.py" line="86" />
            <source>Reprint (COPY)</source>
            <translation>补打（副本）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="91" />
            <source>Past day closes</source>
            <translation>历次日结</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="125" />
            <source>{day} is closed: day close No. {number}, {at}, by {who}. Reprint it below.</source>
            <translation>{day} 已日结：日结号 {number}，{at}，操作人 {who}。可在下方补打。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="130" />
            <source>#{id} {who} since {at}</source>
            <translation>#{id} {who}，自 {at}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="132" />
            <source>{day} is not closed. Shifts still open: {shifts}. While the day runs they must close first.</source>
            <translation>{day} 尚未日结。仍未交班的班次：{shifts}。当天结束前须先交班。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="136" />
            <source>{day} is not closed yet; every shift is closed.</source>
            <translation>{day} 尚未日结；所有班次均已交班。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="153" />
            <location filename="../../ui/admin/finance_day_close.py" line="158" />
            <source>Close the day</source>
            <translation>日结</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="154" />
            <source>Close {day}? Its report is numbered and can never be changed; it prints now.</source>
            <translation>确定日结 {day}？日结报表有编号，结账后不可更改；现在打印。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="175" />
            <source>Select a day close to reprint.</source>
            <translation>请选择要补打的日结。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="184" />
            <source>Day close No. {number}</source>
            <translation>日结报表 {number} 号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_day_close.py" line="186" />
            <source>{title} (copy, print {n})</source>
            <translation>{title}（副本，第 {n} 次打印）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="54" />
            <source>Nothing: the provider and the counter agree.</source>
            <translation>无需处理：支付平台与柜台一致。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="57" />
            <source>The provider took {amount} more than the receipt: check with the student and the provider; if the receipt is wrong, void it and post the recharge again at the provider's amount.</source>
            <translation>支付平台实收比收据多 {amount}：请与学生及支付平台核实；如收据有误，作废后按平台金额重新充值。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="60" />
            <source>The provider took {amount} less than the receipt: ask the provider; if the receipt is wrong, void it and post the recharge again at the provider's amount.</source>
            <translation>支付平台实收比收据少 {amount}：请向支付平台核实；如收据有误，作废后按平台金额重新充值。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="64" />
            <source>Ask the provider whether it was paid (it may be on the next day's statement); if it never happened, void the recharge.</source>
            <translation>向支付平台核实是否已付款（可能在次日对账单上）；如确未发生，请作废该笔充值。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="66" />
            <source>Paid at the provider but never posted: find the student and post the recharge with this reference.</source>
            <translation>支付平台已收款但本处未入账：找到该学生，用此单号补录充值。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="82" />
            <source>Import a statement…</source>
            <translation>导入对账单…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="85" />
            <source>Choose the payment method, then import the provider's statement (.xlsx or .csv with reference, amount and time columns).</source>
            <translation>先选择支付方式，再导入支付平台的对账单（.xlsx 或 .csv，含单号、金额、时间列）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="95" />
            <location filename="../../ui/admin/money_methods.py" line="63" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="76" />
            <source>Payment method</source>
            <translation>支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="100" />
            <source>Posted at</source>
            <translation>入账时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="102" />
            <location filename="../../ui/admin/money_methods.py" line="77" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="80" />
            <location filename="../../ui/history_views.py" line="117" />
            <location filename="../../ui/student_history.py" line="127" />
            <source>Reference</source>
            <translation>流水号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="107" />
            <source>What to do</source>
            <translation>处理办法</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="110" />
            <source>Statement</source>
            <translation>对账单</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="112" />
            <source>Our ledger</source>
            <translation>本处账目</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="114" />
            <source>Difference</source>
            <translation>差额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="116" />
            <source>Statement matched</source>
            <translation>对账已匹配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="119" />
            <location filename="../../ui/admin/finance_page.py" line="130" />
            <location filename="../../ui/history_views.py" line="114" />
            <location filename="../../ui/student_history.py" line="125" />
            <location filename="../../ui/student_history.py" line="136" />
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="121" />
            <source>Not on the statement</source>
            <translation>对账单上没有</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="122" />
            <source>Open the transaction</source>
            <translation>打开该笔交易</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="129" />
            <source>Statement row</source>
            <translation>对账单行号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="132" />
            <source>Not in our ledger</source>
            <translation>本处未入账</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="133" />
            <source>Row of the file that could not be read</source>
            <translation>文件中无法读取的行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="134" />
            <source>Unreadable statement rows</source>
            <translation>对账单无法读取的行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="148" />
            <source>Imported at</source>
            <translation>导入时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="150" />
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <location filename="../../ui/history_views.py" line="116" />
            <location filename="../../ui/student_history.py" line="126" />
            <location filename="../../ui/student_history.py" line="137" />
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Method</source>
            <translation>支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="151" />
            <location filename="../../ui/policies/policy_editor.py" line="177" />
            <source>Day</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="152" />
            <source>Rows</source>
            <translation>行数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="153" />
            <source>Matched</source>
            <translation>已匹配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="154" />
            <source>Other amount</source>
            <translation>金额不符</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="155" />
            <source>Not on statement</source>
            <translation>单上没有</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="157" />
            <source>Not in ledger</source>
            <translation>未入账</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="159" />
            <source>Not read</source>
            <translation>未读取</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="161" />
            <source>Statement imports</source>
            <translation>对账单导入记录</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="162" />
            <source>Show this import</source>
            <translation>查看此次导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="165" />
            <source>Past imports</source>
            <translation>历次导入</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="216" />
            <source>Import a provider statement</source>
            <translation>导入支付平台对账单</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="217" />
            <source>Statements (*.xlsx *.csv)</source>
            <translation>对账单 (*.xlsx *.csv)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="225" />
            <source>Choose the payment method the statement is for.</source>
            <translation>请选择该对账单所属的支付方式。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="249" />
            <source>{file} · {method} · {day}: {matched} matched ({differs} with another amount), {not_on} not on the statement, {not_in} not in our ledger, {errors} rows not read.</source>
            <translation>{file} · {method} · {day}：已匹配 {matched} 笔（其中金额不符 {differs} 笔），对账单上没有 {not_on} 笔，本处未入账 {not_in} 笔，未读取 {errors} 行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="273" />
            <source>Matched ({n})</source>
            <translation>已匹配（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="273" />
            <source>Not on the statement ({n})</source>
            <translation>对账单上没有（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="274" />
            <source>Not in our ledger ({n})</source>
            <translation>本处未入账（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="274" />
            <source>Rows not read ({n})</source>
            <translation>未读取的行（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="281" />
            <source>What to do about {reference}: {todo}</source>
            <translation>{reference} 的处理办法：{todo}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="288" />
            <source>Select a line with a receipt first.</source>
            <translation>请先选择一条有收据的记录。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/finance_page.py" line="302" />
            <source>Provider statements</source>
            <translation>支付平台对账</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="42" />
            <source>no reply</source>
            <translation>无应答</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="42" />
            <source>CRC error</source>
            <translation>CRC 校验错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="42" />
            <source>bad reply</source>
            <translation>应答错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="43" />
            <location filename="../../ui/room_panel.py" line="343" />
            <source>refused by the meter</source>
            <translation>表拒绝（异常应答）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="43" />
            <source>port error</source>
            <translation>端口错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="44" />
            <source>not sent: meter offline</source>
            <translation>未发送：表离线</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="44" />
            <source>internal error</source>
            <translation>内部错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="45" />
            <source>wrong password</source>
            <translation>密码错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="45" />
            <source>unlock blocked</source>
            <translation>解锁被封锁</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="46" />
            <source>wrong meter model</source>
            <translation>表型号不符</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="46" />
            <source>late bytes discarded</source>
            <translation>丢弃迟到字节</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="47" />
            <source>broadcast</source>
            <translation>广播</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="48" />
            <source>→ sent</source>
            <translation>→ 发送</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="48" />
            <source>← received</source>
            <translation>← 接收</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="91" />
            <location filename="../../ui/admin/line_panel.py" line="264" />
            <source>Choose a line above to see its figures and frames.</source>
            <translation>请在上方选择一条线路，查看其运行数据和报文。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="95" />
            <source>Line health</source>
            <translation>线路状况</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="97" />
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Meters online</source>
            <translation>在线表数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="98" />
            <source>Meters offline</source>
            <translation>离线表数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="99" />
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Wire busy</source>
            <translation>线路占用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="100" />
            <source>Errors per minute</source>
            <translation>每分钟错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="101" />
            <location filename="../../ui/admin/line_panel.py" line="115" />
            <source>Last error</source>
            <translation>最近错误</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="112" />
            <location filename="../../ui/admin/line_panel.py" line="119" />
            <location filename="../../ui/admin/lines_forms.py" line="207" />
            <location filename="../../ui/admin/lines_forms.py" line="323" />
            <location filename="../../ui/admin/lines_page.py" line="94" />
            <location filename="../../ui/admin/scan_dialog.py" line="107" />
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="113" />
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="116" />
            <source>Offline meters</source>
            <translation>离线表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="121" />
            <source>Direction</source>
            <translation>方向</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="122" />
            <source>Latency (ms)</source>
            <translation>延迟（毫秒）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="125" />
            <location filename="../../ui/student_history.py" line="129" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="126" />
            <source>Bytes (hex)</source>
            <translation>字节（十六进制）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="127" />
            <source>Line frames</source>
            <translation>线路报文</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="128" />
            <location filename="../../ui/admin/line_panel.py" line="181" />
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="130" />
            <source>Hold the frame list still to read it; the figures keep updating</source>
            <translation>暂停报文列表以便查看；运行数据继续刷新</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="132" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="134" />
            <source>Copy the selected frames (or all shown) as text</source>
            <translation>将选中的报文（未选中则为全部显示的报文）复制为文本</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="139" />
            <source>Meters not answering</source>
            <translation>无应答的表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="141" />
            <source>Last frames on the wire (newest first)</source>
            <translation>线路上的最近报文（最新在前）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="181" />
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="189" />
            <source>{n} frames copied.</source>
            <translation>已复制 {n} 条报文。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="210" />
            <source>Could not read the line: {error}</source>
            <translation>无法读取线路：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="216" />
            <source>Waiting for the meter service that runs this line to share its figures…</source>
            <translation>正在等待运行此线路的抄表服务共享数据…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="221" />
            <source>{url} · run by this window · live</source>
            <translation>{url} · 由本窗口运行 · 实时</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="223" />
            <source>{url} · no figures from the meter service since {time}: is it running?</source>
            <translation>{url} · 自 {time} 起未收到抄表服务的数据：服务是否在运行？</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="227" />
            <source>{url} · run by the meter service · as of {time}</source>
            <translation>{url} · 由抄表服务运行 · 数据时间 {time}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="229" />
            <location filename="../../ui/status_panel.py" line="219" />
            <source>port closed</source>
            <translation>端口已关闭</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="236" />
            <source>{n} of {total}</source>
            <translation>{n} / {total}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="242" />
            <location filename="../../ui/admin/line_panel.py" line="245" />
            <location filename="../../ui/admin/line_panel.py" line="252" />
            <location filename="../../ui/dialogs/counter_actions.py" line="144" />
            <location filename="../../ui/policies/week_grid.py" line="165" />
            <location filename="../../ui/status_panel.py" line="216" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="243" />
            <source>Over the last {minutes} min; since the line started: {totals}</source>
            <translation>统计最近 {minutes} 分钟；线路启动以来：{totals}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="248" />
            <source>{time} · {kind} — {message}</source>
            <translation>{time} · {kind} — {message}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/line_panel.py" line="266" />
            <source>Reading the line…</source>
            <translation>正在读取线路…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="43" />
            <source>None (N)</source>
            <translation>无校验（N）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="43" />
            <source>Even (E)</source>
            <translation>偶校验（E）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="43" />
            <source>Odd (O)</source>
            <translation>奇校验（O）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="48" />
            <source>Electricity (DDSY)</source>
            <translation>电表（DDSY）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="48" />
            <source>Water (LXSY)</source>
            <translation>水表（LXSY）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="58" />
            <source>Add a line</source>
            <translation>添加线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="58" />
            <source>Edit line</source>
            <translation>编辑线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="65" />
            <source>Leave empty for the next free RS485-NN</source>
            <translation>留空则使用下一个空闲的 RS485-NN</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="66" />
            <source>Port or gateway</source>
            <translation>端口或网关</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="69" />
            <location filename="../../ui/setup_wizard.py" line="163" />
            <source>/dev/serial/by-id/…, COM3 or socket://192.168.1.50:4196</source>
            <translation>/dev/serial/by-id/…、COM3 或 socket://192.168.1.50:4196</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="71" />
            <location filename="../../ui/setup_wizard.py" line="164" />
            <source>Baud rate</source>
            <translation>波特率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="74" />
            <location filename="../../ui/admin/lines_page.py" line="74" />
            <source>Parity</source>
            <translation>校验位</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="77" />
            <source>Enable the line now (leave it off to scan and assign meters first)</source>
            <translation>立即启用线路（不勾选则先扫描并分配表计）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="81" />
            <source>Test connection</source>
            <translation>测试连接</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="97" />
            <source>Line {name}</source>
            <translation>线路 {name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="103" />
            <source>A line is one RS-485 port of this computer, or a gateway on the network.</source>
            <translation>一条线路是本机的一个 RS-485 串口，或网络上的一个网关。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="115" />
            <source>{n} serial ports on this computer</source>
            <translation>本机有 {n} 个串口</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="135" />
            <source>Opening {port}…</source>
            <translation>正在打开 {port}…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="139" />
            <source>The gateway {port} accepted a connection.</source>
            <translation>网关 {port} 已接受连接。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="140" />
            <source>The port {port} opened at {baud} baud, 8{parity}1.</source>
            <translation>端口 {port} 已以 {baud} 波特 8{parity}1 打开。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="181" />
            <source>Import the meter–room map</source>
            <translation>导入表计–房间对照表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="187" />
            <source>An .xlsx or .csv file with the columns line (name or port), address, kind (ddsy or lxsy), room (e.g. B1-101) and, if known, serial number.</source>
            <translation>一个 .xlsx 或 .csv 文件，包含以下列：线路（名称或端口）、地址、类型（ddsy 或 lxsy）、房间（如 B1-101），以及表号（如已知）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="196" />
            <source>Choose file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="208" />
            <location filename="../../ui/admin/lines_forms.py" line="324" />
            <location filename="../../ui/admin/lines_page.py" line="95" />
            <location filename="../../ui/admin/power_calendar.py" line="112" />
            <location filename="../../ui/admin/power_calendar.py" line="236" />
            <location filename="../../ui/admin/scan_dialog.py" line="107" />
            <location filename="../../ui/alarm_panel.py" line="49" />
            <location filename="../../ui/history_views.py" line="113" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="210" />
            <location filename="../../ui/admin/lines_page.py" line="96" />
            <location filename="../../ui/admin/scan_dialog.py" line="107" />
            <source>Serial number</source>
            <translation>表号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="212" />
            <source>Meter map</source>
            <translation>表计对照表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="224" />
            <source>Meter–room map</source>
            <translation>表计–房间对照表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="225" />
            <source>Tables (*.xlsx *.csv)</source>
            <translation>表格 (*.xlsx *.csv)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="243" />
            <source>{bad} rows have a problem: fix them in the file and choose it again. Nothing is imported while one row is wrong.</source>
            <translation>有 {bad} 行存在问题：请在文件中改正后重新选择。只要有一行有误，就不会导入任何内容。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="247" />
            <source>{n} meters will be recorded.</source>
            <translation>将记录 {n} 个表计。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="286" />
            <source>Change line speed</source>
            <translation>更改线路速率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="296" />
            <source>DormWatt first checks that every meter of the line answers at {baud} baud (if one does not, nothing is written), then writes the new speed to each meter, checks that each one answers at it, and only then records it for the line. If a meter does not take the new speed, every meter is put back to {baud} baud. Disable the line first: no window or service may poll it while its meters change.</source>
            <translation>DormWatt 先检查线路上的每块表都能以 {baud} 波特应答（若有一块不应答，则不写入任何内容），再把新速率写入每块表，检查每块表都能以新速率应答，之后才为线路记录新速率。若有一块表未接受新速率，所有表都会改回 {baud} 波特。请先停用该线路：表计更改期间，任何窗口或服务都不得轮询该线路。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="305" />
            <source>New speed</source>
            <translation>新速率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="308" />
            <location filename="../../ui/admin/lines_forms.py" line="325" />
            <source>{baud} baud</source>
            <translation>{baud} 波特</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="321" />
            <source>neither</source>
            <translation>均不应答</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="325" />
            <source>Answers at</source>
            <translation>应答速率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="327" />
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="328" />
            <source>Line speed</source>
            <translation>线路速率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="332" />
            <source>Change speed</source>
            <translation>更改速率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="333" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="340" />
            <source>Line {name} ({port}) runs at {baud} baud with {n} meters.</source>
            <translation>线路 {name}（{port}）以 {baud} 波特运行，共 {n} 块表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="358" />
            <source>Checking the meters at {baud} baud…</source>
            <translation>正在以 {baud} 波特检查表计…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="371" />
            <source>Stopping: the meters already changed are put back…</source>
            <translation>正在停止：已更改的表计将被改回…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="380" />
            <location filename="../../ui/admin/lines_forms.py" line="382" />
            <source>Checked {done} of {total} meters at {baud} baud.</source>
            <translation>已以 {baud} 波特检查 {done}/{total} 块表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="381" />
            <source>Wrote the new speed to {done} of {total} meters.</source>
            <translation>已向 {done}/{total} 块表写入新速率。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_forms.py" line="383" />
            <source>Put {done} of {total} meters back to {baud} baud.</source>
            <translation>已将 {done}/{total} 块表改回 {baud} 波特。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="39" />
            <source>Decommission line</source>
            <translation>线路退役</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="43" />
            <source>Take line {name} ({port}) out of service? A line without any meter history is removed; one whose meters' history refers to it is kept, disabled.</source>
            <translation>将线路 {name}（{port}）退役？没有任何表计历史的线路将被删除；表计历史引用的线路将保留并禁用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="47" />
            <source>Decommission</source>
            <translation>退役</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="72" />
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="73" />
            <source>Baud</source>
            <translation>波特率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="75" />
            <source>Enabled</source>
            <translation>已启用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="76" />
            <location filename="../../ui/admin/lines_page.py" line="99" />
            <location filename="../../ui/admin/lines_page.py" line="106" />
            <location filename="../../ui/admin/loads_page.py" line="221" />
            <location filename="../../ui/admin/power_page.py" line="150" />
            <source>Meters</source>
            <translation>表计</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="76" />
            <source>{e} electricity, {w} water</source>
            <translation>电表 {e}，水表 {w}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="78" />
            <source>Run by</source>
            <translation>运行者</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="78" />
            <source>this window</source>
            <translation>本窗口</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="78" />
            <source>nobody</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="79" />
            <source>Lines</source>
            <translation>线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="80" />
            <source>Add line…</source>
            <translation>添加线路…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="81" />
            <location filename="../../ui/admin/loads_library.py" line="187" />
            <location filename="../../ui/admin/loads_profiles.py" line="217" />
            <location filename="../../ui/admin/money_methods.py" line="31" />
            <location filename="../../ui/admin/money_policies.py" line="54" />
            <location filename="../../ui/admin/power_page.py" line="77" />
            <location filename="../../ui/admin/students_page.py" line="140" />
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="82" />
            <location filename="../../ui/admin/lines_page.py" line="194" />
            <location filename="../../ui/admin/money_methods.py" line="44" />
            <source>Enable</source>
            <translation>启用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="83" />
            <source>Scan…</source>
            <translation>扫描…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="84" />
            <source>Change line speed…</source>
            <translation>更改线路速率…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="85" />
            <source>Import meter map…</source>
            <translation>导入表计对照表…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="86" />
            <source>Decommission…</source>
            <translation>退役…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="92" />
            <location filename="../../ui/admin/lines_page.py" line="98" />
            <source>Online</source>
            <translation>在线</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="92" />
            <location filename="../../ui/campus_nav.py" line="16" />
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="100" />
            <source>Replace meter…</source>
            <translation>更换表计…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="101" />
            <source>Decommission meter…</source>
            <translation>表计退役…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="108" />
            <source>Line panel</source>
            <translation>线路面板</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="131" />
            <source>The line panel is not available in this version.</source>
            <translation>此版本暂无线路面板。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="194" />
            <location filename="../../ui/admin/money_methods.py" line="32" />
            <location filename="../../ui/admin/money_methods.py" line="44" />
            <source>Disable</source>
            <translation>禁用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="214" />
            <source>Line added. Scan it for meters, assign them to rooms, then enable it.</source>
            <translation>线路已添加。请扫描表计、分配到房间，然后启用线路。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="223" />
            <source>Line {name} saved.</source>
            <translation>线路 {name} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="234" />
            <source>Line {name} enabled: a window or service will run it.</source>
            <translation>线路 {name} 已启用：将由某个窗口或服务运行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="235" />
            <source>Line {name} disabled.</source>
            <translation>线路 {name} 已禁用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="271" />
            <source>{n} meters recorded from the map.</source>
            <translation>已从对照表记录 {n} 个表计。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="279" />
            <source>Line {name} removed.</source>
            <translation>线路 {name} 已删除。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="280" />
            <source>Line {name} taken out of service; it stays, disabled, for its meters' history.</source>
            <translation>线路 {name} 已停用退役；因其表计历史仍引用它，线路保留并处于禁用状态。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/lines_page.py" line="292" />
            <source>This action is not available in this version.</source>
            <translation>此版本暂不支持该操作。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="37" />
            <source>not examined</source>
            <translation>未判别</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="51" />
            <location filename="../../ui/admin/loads_library.py" line="280" />
            <location filename="../../ui/admin/loads_page.py" line="163" />
            <source>There is no room “{room}”.</source>
            <translation>没有房间“{room}”。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="54" />
            <source>Choose the switch-ons that were this appliance.</source>
            <translation>请勾选属于该电器的开启事件。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="58" />
            <source>Add switch-ons from a room to “{name}”</source>
            <translation>从房间事件添加到“{name}”</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="60" />
            <source>A room's meter logged each examined switch-on with its features (no waveform). Select the ones that were this appliance; they become captures in the library's next version.</source>
            <translation>房间电表记录了每次经判别的开启事件及其特征（无波形）。选中属于该电器的事件，它们将作为样本保存到特征库的下一版本。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="68" />
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="71" />
            <location filename="../../ui/history_views.py" line="155" />
            <location filename="../../ui/loads/capture_window.py" line="136" />
            <source>Branch</source>
            <translation>回路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="72" />
            <source>ΔP W</source>
            <translation>ΔP（W）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="73" />
            <location filename="../../ui/admin/loads_page.py" line="97" />
            <location filename="../../ui/loads/capture_list.py" line="89" />
            <source>PF</source>
            <translation>PF</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="74" />
            <source>THD %</source>
            <translation>THD（%）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="75" />
            <source>tripped</source>
            <translation>已跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="75" />
            <source>allowed</source>
            <translation>已放行</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="76" />
            <source>Host named it</source>
            <translation>主机识别为</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="77" />
            <location filename="../../ui/admin/loads_events.py" line="85" />
            <source>Switch-ons</source>
            <translation>开启事件</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="82" />
            <source>B1-101 sockets</source>
            <translation>B1-101 插座</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="84" />
            <source>Logged in the last</source>
            <translation>记录时间：最近</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="86" />
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_events.py" line="112" />
            <source>Library version {version} saved: {n} switch-on(s) added to {name}.</source>
            <translation>特征库版本 {version} 已保存：{n} 条开启事件已添加到 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="49" />
            <location filename="../../ui/admin/loads_page.py" line="91" />
            <source>Block</source>
            <translation>禁止</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="49" />
            <location filename="../../ui/admin/loads_page.py" line="91" />
            <source>Allow</source>
            <translation>允许</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="50" />
            <source>Signature libraries (*.json)</source>
            <translation>特征库 (*.json)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="120" />
            <source>no captures</source>
            <translation>无录制</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="121" />
            <source>ΔP {dp} W · PF {pf} · THD {thd} %</source>
            <translation>ΔP {dp} W · PF {pf} · THD {thd} %</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="135" />
            <source>{name}: {verdict}, {scope}, priority {priority}.</source>
            <translation>{name}：{verdict}，{scope}，优先级 {priority}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="138" />
            <source>No captures yet: the appliance gets no slot until one is captured.</source>
            <translation>尚无录制：录制至少一次之前，该电器不占用特征槽。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="141" />
            <source>{n} captures of {devices} devices: ΔP {dp} W, PF {pf}, I3/I1 {i3} %, I5/I1 {i5} %, THD {thd} %.</source>
            <translation>{devices} 台设备共 {n} 次录制：ΔP {dp} W，PF {pf}，I3/I1 {i3} %，I5/I1 {i5} %，THD {thd} %。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="146" />
            <source>The captures fit {n} slot(s) of a meter.</source>
            <translation>这些录制需占用电表的 {n} 个特征槽。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="148" />
            <source>Notes: {notes}</source>
            <translation>备注：{notes}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="176" />
            <location filename="../../ui/admin/loads_page.py" line="92" />
            <location filename="../../ui/admin/loads_page.py" line="106" />
            <location filename="../../ui/admin/loads_reports.py" line="79" />
            <location filename="../../ui/admin/loads_reports.py" line="101" />
            <source>Appliance</source>
            <translation>电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="177" />
            <location filename="../../ui/admin/loads_library.py" line="326" />
            <location filename="../../ui/admin/loads_page.py" line="91" />
            <location filename="../../ui/admin/loads_page.py" line="107" />
            <location filename="../../ui/loads/capture_list.py" line="169" />
            <source>Verdict</source>
            <translation>判定</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="178" />
            <location filename="../../ui/admin/loads_library.py" line="327" />
            <location filename="../../ui/loads/capture_list.py" line="167" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="179" />
            <location filename="../../ui/admin/loads_library.py" line="328" />
            <location filename="../../ui/loads/capture_list.py" line="168" />
            <source>Brand / model</source>
            <translation>品牌 / 型号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="180" />
            <location filename="../../ui/admin/loads_page.py" line="93" />
            <location filename="../../ui/admin/loads_page.py" line="108" />
            <location filename="../../ui/admin/loads_profiles.py" line="220" />
            <location filename="../../ui/admin/power_assign.py" line="142" />
            <source>Scope</source>
            <translation>范围</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="181" />
            <location filename="../../ui/admin/loads_library.py" line="197" />
            <source>Captures</source>
            <translation>录制</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="183" />
            <source>Spread</source>
            <translation>离散范围</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="184" />
            <source>Signature library</source>
            <translation>特征库</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="186" />
            <location filename="../../ui/admin/loads_profiles.py" line="216" />
            <location filename="../../ui/admin/power_page.py" line="76" />
            <source>New…</source>
            <translation>新建…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="189" />
            <source>Add from room events…</source>
            <translation>从房间事件添加…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="191" />
            <source>Export library…</source>
            <translation>导出特征库…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="192" />
            <source>Import library…</source>
            <translation>导入特征库…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="198" />
            <location filename="../../ui/admin/loads_library.py" line="216" />
            <source>Select an appliance to see its captures.</source>
            <translation>选择一种电器以查看其录制数据。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="233" />
            <source>No signature library has been saved yet: the meters' slots are not managed.</source>
            <translation>尚未保存特征库：各电表的特征槽不受系统管理。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="235" />
            <source>Library version {version}: {n} appliances, saved {when} by {who}{note}</source>
            <translation>特征库版本 {version}：{n} 种电器，由{who}于 {when} 保存{note}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="237" />
            <source>the system</source>
            <translation>系统</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="238" />
            <source> ({note})</source>
            <translation> ({note})</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="268" />
            <location filename="../../ui/loads/capture_list.py" line="255" />
            <source>Give the appliance a name.</source>
            <translation>请为电器命名。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="270" />
            <source>The library already has an appliance named “{name}”.</source>
            <translation>特征库中已有名为“{name}”的电器。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="276" />
            <source>There is no building to choose.</source>
            <translation>没有可选的楼栋。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="294" />
            <source>New appliance</source>
            <translation>新建电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="294" />
            <source>Edit appliance</source>
            <translation>编辑电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="296" />
            <source>Each change saves the next version of the library; the meters take it at the next push. A room's own entry goes only to that room's meter.</source>
            <translation>每次修改都会保存为特征库的新版本；下次下发时写入电表。房间级条目只下发到该房间的电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="304" />
            <source>kettle, heater, medical device…</source>
            <translation>电水壶、取暖器、医疗设备…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="316" />
            <source>certificate number, who asked…</source>
            <translation>证明编号、申请人…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="329" />
            <source>Applies to</source>
            <translation>适用范围</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="332" />
            <source>Priority</source>
            <translation>优先级</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="333" />
            <location filename="../../ui/loads/capture_list.py" line="170" />
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="342" />
            <source>Library version {version} saved: {name}.</source>
            <translation>已保存特征库版本 {version}：{name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="358" />
            <source>Delete an appliance</source>
            <translation>删除电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="359" />
            <source>Delete “{name}” from the library? The library becomes version {version}; the meters lose its slots at the next push. Earlier versions are kept.</source>
            <translation>确定从特征库中删除“{name}”吗？特征库将变为版本 {version}；下次下发时电表将移除其特征槽。以前的版本会保留。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="376" />
            <source>Library version {version} saved: {name} deleted.</source>
            <translation>已保存特征库版本 {version}：已删除 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="381" />
            <source>Export the signature library</source>
            <translation>导出特征库</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="391" />
            <source>Library version {version} ({n} appliances) exported to {path}.</source>
            <translation>特征库版本 {version}（{n} 种电器）已导出到 {path}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="397" />
            <location filename="../../ui/admin/loads_library.py" line="409" />
            <source>Import a signature library</source>
            <translation>导入特征库</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="410" />
            <source>{file} holds {n} appliances. It becomes version {version} of the library, whole, in place of the {old} appliances of version {now}; the meters take it at the next push. Import it?</source>
            <translation>{file} 包含 {n} 种电器。它将整体成为特征库版本 {version}，取代版本 {now} 的 {old} 种电器；下次下发时写入电表。确定导入吗？</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_library.py" line="428" />
            <source>{file} imported: the library is now version {version} with {n} appliances.</source>
            <translation>已导入 {file}：特征库现为版本 {version}，共 {n} 种电器。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="80" />
            <source>Load-control profile</source>
            <translation>负载控制方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="81" />
            <source>Choose a room to see what its meter gets.</source>
            <translation>选择一个房间，查看其电表将获得的设置。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="90" />
            <source>Slot</source>
            <translation>特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="94" />
            <source>ΔP, W</source>
            <translation>ΔP，W</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="96" />
            <source>Tolerance</source>
            <translation>容差</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="98" />
            <source>I3/I1</source>
            <translation>I3/I1</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="99" />
            <source>I5/I1</source>
            <translation>I5/I1</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="100" />
            <location filename="../../ui/loads/capture_list.py" line="89" />
            <source>THD</source>
            <translation>THD</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="101" />
            <source>Signature slots</source>
            <translation>特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="109" />
            <source>Why it has no slot</source>
            <translation>未分配特征槽的原因</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="110" />
            <source>Left out of the slots</source>
            <translation>未放入特征槽的条目</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="179" />
            <source>not managed: its meter keeps its own settings</source>
            <translation>不受管理：电表保持自身设置</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="181" />
            <source>exempt: load control off</source>
            <translation>豁免：负载控制关闭</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="184" />
            <source>{room}: {profile}</source>
            <translation>{room}：{profile}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="187" />
            <location filename="../../ui/admin/power_assign.py" line="301" />
            <source>No assignment reaches this room.</source>
            <translation>没有分配作用于此房间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="193" />
            <source>Host: {what}</source>
            <translation>上位机：{what}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="195" />
            <source>No signature library has been saved yet: the meter's slots are not managed.</source>
            <translation>尚未保存特征库：该电表的特征槽不受系统管理。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="201" />
            <source>{room}: {n} of {total} signature slots ({allowed} allowed, {blocked} blocked)</source>
            <translation>{room}：特征槽 {n}/{total}（允许 {allowed}，禁止 {blocked}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="205" />
            <source>Left out: {n}</source>
            <translation>未放入：{n}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="206" />
            <source>Nothing in the library for this room was left out.</source>
            <translation>特征库中适用于该房间的条目均已放入。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="220" />
            <source>Library</source>
            <translation>特征库</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="220" />
            <source>Profiles</source>
            <translation>方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_page.py" line="222" />
            <location filename="../../ui/admin/pages.py" line="45" />
            <source>Reports</source>
            <translation>报表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="49" />
            <source>Over-power limit</source>
            <translation>超功率限制</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="50" />
            <source>Max power</source>
            <translation>最大功率</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="51" />
            <source>Over-power delay</source>
            <translation>超功率延时</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="52" />
            <location filename="../../ui/admin/loads_profiles.py" line="311" />
            <source>Resistive rule</source>
            <translation>阻性规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="53" />
            <source>Resistive: PF at least</source>
            <translation>阻性：PF 不低于</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="54" />
            <source>Resistive: THD at most</source>
            <translation>阻性：THD 不高于</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="55" />
            <source>Block slots</source>
            <translation>禁止特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="56" />
            <source>Allow slots</source>
            <translation>允许特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="57" />
            <source>Examine steps from</source>
            <translation>检测阶跃起点</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="58" />
            <source>Decision delay</source>
            <translation>判定延时</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="59" />
            <source>Recovery time</source>
            <translation>恢复时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="59" />
            <source>stays open</source>
            <translation>保持断开</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="60" />
            <source>Trips allowed a day</source>
            <translation>每日允许跳闸次数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="60" />
            <source>no limit</source>
            <translation>不限</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="66" />
            <source>block and allow slots</source>
            <translation>禁止和允许特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="67" />
            <source>block slots</source>
            <translation>禁止特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="67" />
            <source>allow slots</source>
            <translation>允许特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="74" />
            <source>≤ {watts} W</source>
            <translation>≤ {watts} W</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="76" />
            <source>resistive rule</source>
            <translation>阻性规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="81" />
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="83" />
            <source>{n} trips a day</source>
            <translation>每日 {n} 次跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="91" />
            <source>{branch}: load control off</source>
            <translation>{branch}：负载控制关闭</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="94" />
            <source>trips above {watts} W for {s} s</source>
            <translation>超过 {watts} W 持续 {s} s 跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="96" />
            <source>resistive rule PF ≥ {pf:.3f}, THD ≤ {thd:.1f} %</source>
            <translation>阻性规则 PF ≥ {pf:.3f}，THD ≤ {thd:.1f} %</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="102" />
            <source>steps from {watts} W decided in {s} s</source>
            <translation>{watts} W 起的阶跃在 {s} s 内判定</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="104" />
            <source>closes again after {s} s</source>
            <translation>{s} s 后重新合闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="105" />
            <source>stays open until reset</source>
            <translation>保持断开直至复位</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="106" />
            <source>locked out after {n} trips a day</source>
            <translation>每日跳闸 {n} 次后锁定</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="107" />
            <source>no daily trip limit</source>
            <translation>不限每日跳闸次数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="108" />
            <source>{branch}: {what}</source>
            <translation>{branch}：{what}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="112" />
            <source>auto-release: {yes}; suspect from {watts} W</source>
            <translation>自动解除：{yes}；{watts} W 起视为可疑</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="119" />
            <source>No signature library has been saved yet: there is nothing to tune the rule from.</source>
            <translation>尚未保存特征库：没有可用于调整规则的数据。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="121" />
            <source>No branch of this profile has the resistive rule on.</source>
            <translation>此方案没有任何支路启用阻性规则。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="124" />
            <source>Library version {v} has no blocked appliance that the rule trips: the thresholds are left as they are.</source>
            <translation>特征库第 {v} 版中没有会被该规则跳闸的禁用电器：阈值保持不变。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="126" />
            <source>Library version {v}: the captures of {names} have PF ≥ {pf:.3f} and THD ≤ {thd:.1f} %. The rule of {branches} is set to PF ≥ {tpf:.3f} and THD ≤ {tthd:.1f} %.</source>
            <translation>特征库第 {v} 版：{names} 的采样功率因数 ≥ {pf:.3f}，THD ≤ {thd:.1f} %。{branches} 的规则设为功率因数 ≥ {tpf:.3f}、THD ≤ {tthd:.1f} %。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="131" />
            <source>No longer tripped by the rule: {names}.</source>
            <translation>不再被该规则跳闸：{names}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="133" />
            <source>Still tripped by the rule: {names} — give them a room scope where they are registered, or let the host release them.</source>
            <translation>仍会被该规则跳闸：{names}——请在登记的房间为其设房间级范围，或由主机自动恢复。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="135" />
            <source>A heater unlike those captured may pass the rule; the slots and the host's second line are there for it.</source>
            <translation>与已采样电器不同的电热器可能通过该规则；由特征槽和主机第二道防线把关。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="211" />
            <location filename="../../ui/admin/loads_profiles.py" line="222" />
            <location filename="../../ui/admin/loads_profiles.py" line="376" />
            <source>Profile</source>
            <translation>方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="212" />
            <location filename="../../ui/admin/power_page.py" line="73" />
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="214" />
            <location filename="../../ui/admin/loads_profiles.py" line="304" />
            <source>Host</source>
            <translation>上位机</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="215" />
            <location filename="../../ui/admin/loads_profiles.py" line="236" />
            <source>Load-control profiles</source>
            <translation>负载控制方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="221" />
            <location filename="../../ui/admin/power_assign.py" line="143" />
            <source>Target</source>
            <translation>对象</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="222" />
            <location filename="../../ui/admin/loads_profiles.py" line="372" />
            <source>Exempt (load control off)</source>
            <translation>豁免（负载控制关闭）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="223" />
            <location filename="../../ui/admin/loads_profiles.py" line="377" />
            <location filename="../../ui/admin/loads_reports.py" line="103" />
            <location filename="../../ui/admin/meter_actions.py" line="259" />
            <location filename="../../ui/admin/power_assign.py" line="147" />
            <location filename="../../ui/admin/power_assign.py" line="239" />
            <location filename="../../ui/admin/power_sync.py" line="61" />
            <location filename="../../ui/admin/students_page.py" line="100" />
            <location filename="../../ui/student_history.py" line="139" />
            <location filename="../../ui/transactions_view.py" line="192" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="224" />
            <source>Load-control assignments</source>
            <translation>负载控制分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="225" />
            <location filename="../../ui/admin/power_assign.py" line="149" />
            <source>Add assignment…</source>
            <translation>添加分配…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="229" />
            <source>A room takes its room's assignment, else its floor's, else its building's, else the campus's; a room no assignment reaches keeps its meter's own settings. Changes reach the meters at the next push (Meters tab); the Room tab shows what one room's meter gets.</source>
            <translation>房间优先采用房间级分配，其次楼层、楼栋，最后校区；没有任何分配作用的房间，其电表保持自身设置。修改在下次下发时写入电表（“表计”页）；“房间”页可查看单个房间的电表将获得的设置。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="234" />
            <source>Only an administrator changes profiles and assignments.</source>
            <translation>只有管理员可以修改方案和分配。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="236" />
            <source>Who gets which profile</source>
            <translation>方案分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="288" />
            <source>New load-control profile</source>
            <translation>新建负载控制方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="288" />
            <source>Edit load-control profile</source>
            <translation>编辑负载控制方案</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="291" />
            <source>The meter examines a switch-on of at least the threshold: an allow slot lets it run, a block slot trips it, then the resistive rule trips a pure heater.</source>
            <translation>电表检测不低于阈值的电器投入：匹配允许特征槽则放行，匹配禁止特征槽则跳闸，其后由阻性规则切断纯阻性发热电器。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="296" />
            <source>Release a trip the host names as an allowed appliance</source>
            <translation>上位机识别为允许电器时自动解除跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="303" />
            <location filename="../../ui/admin/loads_reports.py" line="100" />
            <source>Branches</source>
            <translation>回路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="305" />
            <source>Unknown step suspect from</source>
            <translation>未知阶跃可疑阈值</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="306" />
            <source>Tune the resistive rule from the library</source>
            <translation>按特征库调整阻性规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="345" />
            <source>Profile {name} saved.</source>
            <translation>方案 {name} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="363" />
            <source>Add a load-control assignment</source>
            <translation>添加负载控制分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="365" />
            <source>A room takes the assignment of its room, else its floor, else its building, else the campus.</source>
            <translation>房间优先采用房间级分配，其次楼层、楼栋，最后校区。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="374" />
            <source>medical exemption, graduate floor…</source>
            <translation>医疗豁免、研究生楼层…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="380" />
            <source>Assignment added: {target}: {profile}.</source>
            <translation>已添加分配：{target}：{profile}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_profiles.py" line="394" />
            <location filename="../../ui/admin/power_assign.py" line="262" />
            <source>Assignment removed: {target}.</source>
            <translation>已移除分配：{target}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="40" />
            <location filename="../../ui/admin/power_sync.py" line="26" />
            <location filename="../../ui/admin/power_sync.py" line="50" />
            <source>Pending</source>
            <translation>待同步</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="40" />
            <source>Running</source>
            <translation>执行中</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="47" />
            <source>half-wave load</source>
            <translation>半波负载</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="48" />
            <location filename="../../ui/room_policy_box.py" line="55" />
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="57" />
            <source>System (automatic)</source>
            <translation>系统（自动）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="66" />
            <source>{period} — stopped: {stopped} (meter trips: {trips}, opened by the host: {opened}) · suspects: {suspects} · released: {released} · repeat offenders: {offenders}</source>
            <translation>{period} — 已制止：{stopped}（电表跳闸：{trips}，上位机断开：{opened}）· 可疑：{suspects} · 已解除：{released} · 屡犯房间：{offenders}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="81" />
            <source>Meter trips</source>
            <translation>电表跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="82" />
            <source>Opened by the host</source>
            <translation>上位机断开</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="83" />
            <source>Suspects</source>
            <translation>可疑</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="84" />
            <source>Released</source>
            <translation>已解除</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="85" />
            <source>Stopped</source>
            <translation>已制止</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="90" />
            <location filename="../../ui/room_panel.py" line="192" />
            <source>Events</source>
            <translation>事件</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="91" />
            <source>First</source>
            <translation>首次</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="92" />
            <source>Last</source>
            <translation>最近</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="93" />
            <source>Appliances</source>
            <translation>电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="97" />
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="98" />
            <source>Who</source>
            <translation>操作人</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="140" />
            <location filename="../../ui/admin/loads_reports.py" line="206" />
            <source>Custom period</source>
            <translation>自定义时段</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="150" />
            <source>Choose a term or a period.</source>
            <translation>请选择学期或时段。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="156" />
            <source>Malignant loads by building</source>
            <translation>恶性负载（按楼栋）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="157" />
            <source>Malignant loads by room</source>
            <translation>恶性负载（按房间）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="159" />
            <source>Malignant loads by appliance</source>
            <translation>恶性负载（按电器）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="160" />
            <location filename="../../ui/admin/loads_reports.py" line="169" />
            <source>Repeat offenders</source>
            <translation>屡犯房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="161" />
            <source>Trip releases</source>
            <translation>跳闸解除</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="163" />
            <source>Rooms where {n} or more blocked appliances were stopped in the period.</source>
            <translation>本时段内被制止禁用电器 {n} 次及以上的房间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="168" />
            <source>By building</source>
            <translation>按楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="168" />
            <source>By room</source>
            <translation>按房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="168" />
            <source>By appliance</source>
            <translation>按电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="169" />
            <source>Releases</source>
            <translation>解除记录</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="178" />
            <location filename="../../ui/admin/power_calendar.py" line="103" />
            <source>Term</source>
            <translation>学期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/loads_reports.py" line="249" />
            <source>The period ends before it starts.</source>
            <translation>时段的结束日期早于开始日期。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="41" />
            <source>electricity meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="41" />
            <source>water meter</source>
            <translation>水表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="49" />
            <source>Replace the electricity meter</source>
            <translation>更换电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="49" />
            <source>Replace the water meter</source>
            <translation>更换水表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="63" />
            <source>Old meter</source>
            <translation>旧表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="64" />
            <source>Last reading</source>
            <translation>上次读数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="65" />
            <source>Room balance</source>
            <translation>房间余额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="67" />
            <source>Final reading ({unit})</source>
            <translation>旧表最终读数（{unit}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="69" />
            <source>As the old meter's display shows it. Leave it empty when the meter cannot be read: its last reading is taken.</source>
            <translation>按旧表显示屏上的读数填写。旧表无法读数时留空：取其上次读数。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="71" />
            <source>New meter's serial number</source>
            <translation>新表表号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="73" />
            <source>New meter's address</source>
            <translation>新表地址</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="75" />
            <source>New meter's reading ({unit})</source>
            <translation>新表起始读数（{unit}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="83" />
            <source>Replace</source>
            <translation>更换</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="87" />
            <source>Read from the meter</source>
            <translation>从表读取</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="107" />
            <location filename="../../ui/admin/meter_actions.py" line="271" />
            <location filename="../../ui/admin/scan_dialog.py" line="268" />
            <location filename="../../ui/admin/scan_dialog.py" line="275" />
            <location filename="../../ui/admin/scan_dialog.py" line="276" />
            <location filename="../../ui/loads/capture_window.py" line="224" />
            <source>no room</source>
            <translation>无房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="108" />
            <source>Replace the {meter} of room {room}</source>
            <translation>更换房间 {room} 的{meter}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="109" />
            <source>{serial} on line {line}, address {address}</source>
            <translation>{serial}，线路 {line}，地址 {address}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="111" />
            <source>{reading} at {time}</source>
            <translation>{reading}（{time}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="113" />
            <source>never read</source>
            <translation>从未读数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="119" />
            <source>This meter is already out of service.</source>
            <translation>该表已停用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="125" />
            <source>Another window or service runs this meter's line: type the reading from the meter's display.</source>
            <translation>该表所在线路由另一个窗口或服务运行：请按表的显示屏填写读数。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="154" />
            <source>The meter did not answer ({error}): type the reading from its display.</source>
            <translation>表没有应答（{error}）：请按其显示屏填写读数。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="224" />
            <source>Bills {reading} {unit}, {amount}</source>
            <translation>结算 {reading} {unit}，{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="227" />
            <source>{billed}; {balance} carried to the new meter.</source>
            <translation>{billed}；{balance} 结转到新表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="230" />
            <source>{billed}; the room's water balance stays in its account (a water meter holds no money).</source>
            <translation>{billed}；房间水费余额留在其账户中（水表不存金额）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="233" />
            <source>No final reading typed: the last reading is taken, and use since then is not billed.</source>
            <translation>未填写最终读数：取上次读数，此后的用量不计费。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="235" />
            <source>{n} purchase(s) waiting for the old meter will not be sent: their money is in the balance carried over.</source>
            <translation>{n} 笔等待旧表的充值将不再下发：其金额已包含在结转的余额中。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="242" />
            <source>Replaced. The new meter gets the balance {balance} as soon as its line's runtime reaches it.</source>
            <translation>已更换。新表一旦被其线路的运行服务连通，即写入余额 {balance}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="244" />
            <source>Replaced. Billing goes on from the new meter's reading.</source>
            <translation>已更换。计费从新表读数继续。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="250" />
            <source>Take a meter out of service</source>
            <translation>停用表计</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="261" />
            <source>The room keeps its money; the meter is no longer polled; its readings and purchases stay in the room's history.</source>
            <translation>房间保留其余额；该表不再轮询；其读数和充值记录保留在房间历史中。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="265" />
            <source>Take out of service</source>
            <translation>停用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="272" />
            <source>Take the {meter} of room {room} out of service?</source>
            <translation>停用房间 {room} 的{meter}？</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="274" />
            <source>Serial {serial}, line {line}, address {address}</source>
            <translation>表号 {serial}，线路 {line}，地址 {address}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/meter_actions.py" line="277" />
            <source>{n} purchase(s) for this meter are still in the outbox: take it out of service once they are delivered, or replace it instead.</source>
            <translation>该表仍有 {n} 笔充值在待发队列中：请在下发完成后再停用，或改为更换该表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="19" />
            <source>Refund approval limit</source>
            <translation>退款审批限额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="20" />
            <source>Refunds from one account in one day above this need an administrator's approval.</source>
            <translation>同一账户一天内退款超过此金额需管理员批准。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="21" />
            <source>Recharge confirmation limit</source>
            <translation>充值确认限额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="22" />
            <source>A recharge above this is typed a second time before it is taken.</source>
            <translation>超过此金额的充值需再输入一次金额确认。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="23" />
            <source>Recharge ceiling</source>
            <translation>单笔充值上限</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="23" />
            <source>No single recharge may be larger; the counter refuses it.</source>
            <translation>单笔充值不得超过此金额，柜台将拒绝。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="48" />
            <source>Change limits…</source>
            <translation>修改限额…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="82" />
            <source>Money limits</source>
            <translation>金额限额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_limits.py" line="91" />
            <source>The limits are saved; the counter uses them from its next operation.</source>
            <translation>限额已保存，柜台自下一笔业务起采用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="21" />
            <location filename="../../ui/admin/money_methods.py" line="75" />
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="22" />
            <location filename="../../ui/admin/money_methods.py" line="76" />
            <source>Name on receipts</source>
            <translation>收据上的名称</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="23" />
            <source>Needs a reference</source>
            <translation>需要交易号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="24" />
            <source>Cash drawer</source>
            <translation>计入现金抽屉</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="25" />
            <source>Offered at the counter</source>
            <translation>柜台可用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="27" />
            <location filename="../../ui/admin/money_page.py" line="33" />
            <source>Payment methods</source>
            <translation>支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="28" />
            <source>A method that needs a reference asks the clerk for the provider's transaction number, which must be unique for the method; the statement import matches it.</source>
            <translation>需要交易号的支付方式要求收费员录入支付机构的交易号，同一方式内不可重复；导入对账单时按它核对。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="30" />
            <source>New method…</source>
            <translation>新增方式…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="52" />
            <source>{method} is offered at the counter again.</source>
            <translation>柜台重新提供 {method}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="53" />
            <source>{method} is no longer offered; its past payments keep their name.</source>
            <translation>{method} 已停用；以往的收款仍保留其名称。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="63" />
            <source>New payment method</source>
            <translation>新增支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="67" />
            <source>The clerk types the provider's transaction number</source>
            <translation>收费员录入支付机构的交易号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="68" />
            <source>Counts in the shift's cash drawer</source>
            <translation>计入本班现金抽屉</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="78" />
            <source>Cash</source>
            <translation>现金</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_methods.py" line="79" />
            <source>{method} is saved.</source>
            <translation>{method} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_page.py" line="32" />
            <location filename="../../ui/admin/money_tariffs.py" line="42" />
            <source>Tariffs</source>
            <translation>电价水价</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_page.py" line="32" />
            <location filename="../../ui/admin/money_quota.py" line="37" />
            <source>Quota rules</source>
            <translation>免费额度规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_page.py" line="34" />
            <source>Settlement policy</source>
            <translation>退宿结算方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_page.py" line="35" />
            <location filename="../../ui/admin/money_policies.py" line="51" />
            <source>Building policies</source>
            <translation>楼栋策略</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_page.py" line="35" />
            <source>Limits</source>
            <translation>金额限额</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="32" />
            <source>At check-out a student gets back what they paid in, less their share of the room's consumption: each day's use is split among the students present that day. Free quota and subsidies are spent first and never paid out.</source>
            <translation>退宿时学生取回其缴费金额减去其分摊的房间用量：每天的用量由当天在住的学生平摊。免费额度和补贴先用，且不退还。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="35" />
            <source>At check-out the room's refundable balance is split equally among everyone living in the room at that moment, whoever paid it in.</source>
            <translation>退宿时房间的可退余额由当时在住的所有人平均分配，不论由谁缴纳。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="45" />
            <source>Water–electricity linkage</source>
            <translation>水电联动</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="46" />
            <source>Water limit</source>
            <translation>水费下限</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="48" />
            <source>Recharge pays water debt first</source>
            <translation>充电费先还水费欠款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="49" />
            <source>Valve closes on arrears</source>
            <translation>欠费关阀</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="52" />
            <source>Linkage locks a room's electricity while its water balance is below the water limit. A change applies to each room at its next reading or payment.</source>
            <translation>水电联动：房间水费余额低于水费下限时锁定用电。修改在各房间下次抄表或缴费时生效。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="74" />
            <source>Policy of {building}</source>
            <translation>{building} 的策略</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="76" />
            <source>Lock electricity while the water balance is below the limit</source>
            <translation>水费余额低于下限时锁定用电</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="80" />
            <source>An electricity recharge pays the room's water debt first</source>
            <translation>充电费时先偿还房间的水费欠款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="82" />
            <source>Close the water valve while the water balance is negative</source>
            <translation>水费余额为负时关闭水阀</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="84" />
            <source>Linkage</source>
            <translation>联动</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="85" />
            <source>Water limit (CNY)</source>
            <translation>水费下限（元）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="86" />
            <source>Water debt</source>
            <translation>水费欠款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="87" />
            <source>Valve</source>
            <translation>水阀</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="88" />
            <source>The policy of {building} is saved.</source>
            <translation>{building} 的策略已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="100" />
            <source>How a student's share of the room's money is worked out at check-out:</source>
            <translation>退宿时学生应得的房间金额按以下方式计算：</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_policies.py" line="152" />
            <source>Check-outs from now on use: {policy}.</source>
            <translation>此后的退宿采用：{policy}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="19" />
            <source>Per room</source>
            <translation>按房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="19" />
            <source>Per occupant</source>
            <translation>按入住人数</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="20" />
            <source>Each month</source>
            <translation>每月</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="20" />
            <source>Each term</source>
            <translation>每学期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="27" />
            <location filename="../../ui/admin/money_quota.py" line="94" />
            <location filename="../../ui/admin/money_tariffs.py" line="34" />
            <location filename="../../ui/admin/money_tariffs.py" line="78" />
            <source>Utility</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="28" />
            <source>Free amount</source>
            <translation>免费额度</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="29" />
            <location filename="../../ui/admin/money_quota.py" line="96" />
            <source>Given</source>
            <translation>发放方式</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="30" />
            <location filename="../../ui/admin/money_quota.py" line="97" />
            <source>Period</source>
            <translation>周期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="31" />
            <source>Unused carried over</source>
            <translation>未用部分结转</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="32" />
            <location filename="../../ui/admin/money_quota.py" line="84" />
            <location filename="../../ui/campus_nav.py" line="40" />
            <source>All buildings</source>
            <translation>全部楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="34" />
            <location filename="../../ui/admin/money_tariffs.py" line="38" />
            <location filename="../../ui/student_history.py" line="119" />
            <source>Until</source>
            <translation>至</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="35" />
            <location filename="../../ui/admin/operators_page.py" line="142" />
            <source>Active</source>
            <translation>在用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="35" />
            <source>Retired</source>
            <translation>已停用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="38" />
            <source>Free quota is granted to every occupied room at the start of each period: electricity as free energy on the meter, water as a subsidy worth the litres at the water price. Unused quota is cleared at the period's end unless it is carried over.</source>
            <translation>每个周期开始时向每间有人入住的房间发放免费额度：电为电表上的免费电量，水为按水价折算的补贴。周期结束时未用额度清零，设置结转的除外。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="41" />
            <source>New quota rule…</source>
            <translation>新增额度规则…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="42" />
            <location filename="../../ui/admin/power_page.py" line="78" />
            <source>Retire</source>
            <translation>停用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="59" />
            <source>The rule ({amount}, {utility}) is retired: it grants nothing from today.</source>
            <translation>规则（{amount}，{utility}）已停用：自今日起不再发放。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="71" />
            <source>New quota rule</source>
            <translation>新增额度规则</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="82" />
            <source>Carry the unused part over to the next period</source>
            <translation>未用部分结转到下一周期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="95" />
            <source>Free amount (kWh or m³)</source>
            <translation>免费额度（kWh 或 m³）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="100" />
            <location filename="../../ui/admin/money_tariffs.py" line="80" />
            <location filename="../../ui/admin/power_assign.py" line="237" />
            <location filename="../../ui/admin/power_calendar.py" line="104" />
            <location filename="../../ui/admin/power_calendar.py" line="209" />
            <location filename="../../ui/admin/power_calendar.py" line="234" />
            <source>First day</source>
            <translation>生效日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_quota.py" line="103" />
            <source>The quota rule is added; it grants from its first day.</source>
            <translation>额度规则已添加，自生效日起发放。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="23" />
            <source>Ended</source>
            <translation>已结束</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="23" />
            <source>In force</source>
            <translation>执行中</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="23" />
            <source>Upcoming</source>
            <translation>待生效</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="27" />
            <source>{price} CNY/{unit}</source>
            <translation>{price} 元/{unit}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="35" />
            <source>Unit price</source>
            <translation>单价</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="38" />
            <source>until changed</source>
            <translation>至下次调价</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="43" />
            <source>New tariff…</source>
            <translation>新增价格…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="44" />
            <source>Send the price to the meters now</source>
            <translation>立即下发电价到电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="46" />
            <source>The meter service also does it by itself within seconds of a change.</source>
            <translation>电表服务在价格变化后数秒内也会自动下发。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="58" />
            <source>New tariff</source>
            <translation>新增价格</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="61" />
            <source>A new price starts on its first day; the price in force before it ends the day before. A price cannot start in the past.</source>
            <translation>新价格自生效日起执行，原价格在前一天结束。价格不能从过去的日期开始。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="74" />
            <source>CNY per {unit}, at most four decimals.</source>
            <translation>每{unit}的元数，最多四位小数。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="79" />
            <source>Price (CNY per kWh or m³)</source>
            <translation>单价（元/kWh 或 元/m³）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="81" />
            <source>The {utility} price {price} starts on {day}.</source>
            <translation>{utility}价格 {price} 自 {day} 起执行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="89" />
            <source>The price in force is on its way to {n} meter(s).</source>
            <translation>现行电价正在下发到 {n} 块电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="90" />
            <source>Every meter that answers already holds the price in force.</source>
            <translation>所有在线电表都已是现行电价。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="97" />
            <source>Electricity meters deduct {price} CNY/kWh today.</source>
            <translation>今日电表按 {price} 元/kWh 扣费。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="99" />
            <source>No electricity price is in force today: set one, or the meters cannot deduct.</source>
            <translation>今日没有执行中的电价：请设置，否则电表无法扣费。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="101" />
            <source>The next price starts on {day}: the meters take it from midnight that day.</source>
            <translation>下一个价格自 {day} 起执行：电表于当天零点起采用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="104" />
            <source>Last written to {n} meter(s) at {time} ({price} CNY/kWh).</source>
            <translation>最近一次于 {time} 写入 {n} 块电表（{price} 元/kWh）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="107" />
            <source>The meter service writes the price in force to every meter on its next pass.</source>
            <translation>电表服务会在下一轮把现行电价写入每块电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/money_tariffs.py" line="108" />
            <source>Water meters hold no price: water is billed here from the readings.</source>
            <translation>水表不存价格：水费由本系统按读数计费。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="40" />
            <location filename="../../ui/admin/password_dialog.py" line="27" />
            <source>{name} ({login})</source>
            <translation>{name}（{login}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="47" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="66" />
            <location filename="../../ui/login_dialog.py" line="31" />
            <location filename="../../ui/setup_wizard.py" line="158" />
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="48" />
            <location filename="../../ui/admin/password_dialog.py" line="32" />
            <source>at least {n} characters</source>
            <translation>至少 {n} 个字符</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="49" />
            <location filename="../../ui/setup_wizard.py" line="160" />
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="54" />
            <location filename="../../ui/setup_wizard.py" line="328" />
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="61" />
            <source>Create an operator</source>
            <translation>新建操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="63" />
            <location filename="../../ui/admin/operators_page.py" line="139" />
            <location filename="../../ui/login_dialog.py" line="30" />
            <source>Login name</source>
            <translation>登录名</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="67" />
            <location filename="../../ui/admin/operators_page.py" line="87" />
            <location filename="../../ui/admin/operators_page.py" line="141" />
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="83" />
            <source>Change role</source>
            <translation>更改角色</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="99" />
            <source>Activate operator</source>
            <translation>启用操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="99" />
            <source>Deactivate operator</source>
            <translation>停用操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="103" />
            <source>They can log in again.</source>
            <translation>该操作员可以重新登录。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="104" />
            <source>They can no longer log in, and a window they have open loses its rights.</source>
            <translation>该操作员将无法登录，其已打开的窗口也随即失去权限。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="106" />
            <source>Effect</source>
            <translation>效果</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="107" />
            <source>Activate</source>
            <translation>启用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="107" />
            <source>Deactivate</source>
            <translation>停用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="116" />
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="119" />
            <source>A new password for {who}; the old one stops working at once.</source>
            <translation>为 {who} 设置新密码；旧密码立即失效。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="142" />
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="142" />
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="143" />
            <source>Last login</source>
            <translation>上次登录</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="144" />
            <source>Logged in now at</source>
            <translation>当前登录于</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="145" />
            <location filename="../../ui/admin/pages.py" line="40" />
            <source>Operators</source>
            <translation>操作员</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="146" />
            <source>Create…</source>
            <translation>新建…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="147" />
            <source>Change role…</source>
            <translation>更改角色…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="148" />
            <location filename="../../ui/admin/operators_page.py" line="173" />
            <location filename="../../ui/admin/students_page.py" line="141" />
            <source>Deactivate…</source>
            <translation>停用…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="149" />
            <source>Reset password…</source>
            <translation>重置密码…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="173" />
            <source>Activate…</source>
            <translation>启用…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="190" />
            <source>{login} can log in now.</source>
            <translation>{login} 现在可以登录了。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="197" />
            <source>{who} is now: {role}.</source>
            <translation>{who} 的角色现为：{role}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="204" />
            <source>{who} is active again.</source>
            <translation>{who} 已重新启用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="204" />
            <source>{who} is deactivated.</source>
            <translation>{who} 已停用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/operators_page.py" line="212" />
            <source>{who} has a new password.</source>
            <translation>{who} 已设置新密码。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="36" />
            <location filename="../../ui/admin/start_page.py" line="40" />
            <source>Getting started</source>
            <translation>开始使用</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="37" />
            <source>Buildings and rooms</source>
            <translation>楼栋与房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="38" />
            <location filename="../../ui/admin/students_page.py" line="138" />
            <source>Students</source>
            <translation>学生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="39" />
            <source>Batch work</source>
            <translation>批量业务</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="41" />
            <source>Tariffs and money settings</source>
            <translation>电价水价与资金设置</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="42" />
            <source>Lines and meters</source>
            <translation>线路与电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="43" />
            <location filename="../../ui/admin/power_page.py" line="75" />
            <source>Power policies</source>
            <translation>用电策略</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="44" />
            <source>Malignant loads</source>
            <translation>恶性负载</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="46" />
            <source>Statements and day close</source>
            <translation>对账与日结</translation>
        </message>
        <message>
            <location filename="../../ui/admin/pages.py" line="48" />
            <source>Backups</source>
            <translation>备份</translation>
        </message>
        <message>
            <location filename="../../ui/admin/password_dialog.py" line="25" />
            <source>Change my password</source>
            <translation>修改我的密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/password_dialog.py" line="29" />
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/password_dialog.py" line="30" />
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/password_dialog.py" line="31" />
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <location filename="../../ui/admin/password_dialog.py" line="38" />
            <source>The two new passwords differ.</source>
            <translation>两次输入的新密码不一致。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="43" />
            <location filename="../../ui/campus_nav.py" line="25" />
            <location filename="../../ui/main_window.py" line="88" />
            <source>Campus</source>
            <translation>校区</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="55" />
            <source>{scope} {target}</source>
            <translation>{scope} {target}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="59" />
            <location filename="../../ui/admin/power_assign.py" line="144" />
            <source>Exempt</source>
            <translation>豁免</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="60" />
            <source>{policy} ({reason})</source>
            <translation>{policy}（{reason}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="86" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="73" />
            <source>For</source>
            <translation>充值项目</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="122" />
            <source>{what}, {days}</source>
            <translation>{what}，{days}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="124" />
            <source>in force</source>
            <translation>生效中</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="124" />
            <source>overridden</source>
            <translation>已被覆盖</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="125" />
            <source>{target}: {what} — {status}</source>
            <translation>{target}：{what} — {status}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="144" />
            <location filename="../../ui/admin/power_assign.py" line="235" />
            <location filename="../../ui/admin/power_page.py" line="72" />
            <location filename="../../ui/policies/policy_editor.py" line="147" />
            <source>Power policy</source>
            <translation>用电策略</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="145" />
            <location filename="../../ui/admin/power_assign.py" line="236" />
            <location filename="../../ui/admin/power_calendar.py" line="111" />
            <source>Dates</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="145" />
            <source>always</source>
            <translation>长期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="148" />
            <source>Policy assignments</source>
            <translation>策略分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="154" />
            <source>Which policy applies?</source>
            <translation>适用哪个策略？</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="157" />
            <source>Room number, student number or name</source>
            <translation>房间号、学号或姓名</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="220" />
            <source>Add assignment</source>
            <translation>添加分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="222" />
            <source>A room takes the assignment of its room, else its floor, else its building, else the campus; one with a date range in force beats one without.</source>
            <translation>房间优先采用房间级分配，其次楼层、楼栋，最后校区；在有效日期范围内的分配优先于长期分配。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="229" />
            <source>Exempt (no policy)</source>
            <translation>豁免（不执行策略）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="230" />
            <source>Only from … to …</source>
            <translation>仅限 … 至 …</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="233" />
            <source>graduate floor, medical exemption, exam week…</source>
            <translation>研究生楼层、医疗豁免、考试周…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="238" />
            <location filename="../../ui/admin/power_calendar.py" line="105" />
            <location filename="../../ui/admin/power_calendar.py" line="210" />
            <location filename="../../ui/admin/power_calendar.py" line="235" />
            <source>Last day</source>
            <translation>最后一天</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="248" />
            <source>Assignment added: {target}: {policy}.</source>
            <translation>已添加分配：{target}：{policy}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="292" />
            <location filename="../../ui/main_window.py" line="402" />
            <source>No room matches “{text}”.</source>
            <translation>没有房间符合“{text}”。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="296" />
            <source>{room} on {day}: {policy}</source>
            <translation>{room} 在 {day}：{policy}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="298" />
            <source>no policy (nothing switched off)</source>
            <translation>无策略（不断电）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_assign.py" line="305" />
            <source>{room}, {day}</source>
            <translation>{room}，{day}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Mon</source>
            <translation>周一</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Tue</source>
            <translation>周二</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Wed</source>
            <translation>周三</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Thu</source>
            <translation>周四</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Fri</source>
            <translation>周五</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Sat</source>
            <translation>周六</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="41" />
            <source>Sun</source>
            <translation>周日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="42" />
            <source>Day off</source>
            <translation>休息日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="42" />
            <source>Swapped working day</source>
            <translation>调休上班日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="75" />
            <source>Term: {name}, {days}</source>
            <translation>学期：{name}，{days}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="78" />
            <source>No term in force or coming: every day is a workday or a rest day.</source>
            <translation>当前及之后没有学期：每天按工作日或休息日执行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="80" />
            <source>Holiday ranges sent ({n} of at most 16):</source>
            <translation>已下发的节假日区间（{n} 个，最多 16 个）：</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="81" />
            <source>{days}: {name}</source>
            <translation>{days}：{name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="84" />
            <source>No holiday range is sent.</source>
            <translation>未下发节假日区间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="86" />
            <source>Ranges not sent:</source>
            <translation>未下发的区间：</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="87" />
            <source>{days}: {why}</source>
            <translation>{days}：{why}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="90" />
            <source>Swapped working days: {days}</source>
            <translation>调休上班日：{days}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="106" />
            <source>Terms</source>
            <translation>学期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="107" />
            <source>Add term…</source>
            <translation>添加学期…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="110" />
            <source>Holiday</source>
            <translation>节假日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="113" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="113" />
            <source>campus</source>
            <translation>本校</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="114" />
            <source>Holidays</source>
            <translation>节假日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="115" />
            <source>Add holiday…</source>
            <translation>添加节假日…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="117" />
            <source>Import holiday table…</source>
            <translation>导入节假日表…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="123" />
            <source>Rest days</source>
            <translation>休息日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="131" />
            <source>Save rest days</source>
            <translation>保存休息日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="137" />
            <source>What the meters hold today</source>
            <translation>电表今天保存的日历</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="197" />
            <source>Rest days saved; the meters take them at the next push.</source>
            <translation>休息日已保存；下次下发时写入电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="201" />
            <source>Add term</source>
            <translation>添加学期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="205" />
            <source>2026–2027 autumn</source>
            <translation>2026–2027 秋季学期</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="211" />
            <source>Term {name} added.</source>
            <translation>已添加学期 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="219" />
            <source>Term {name} removed.</source>
            <translation>已删除学期 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="223" />
            <source>Add holiday</source>
            <translation>添加节假日</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="237" />
            <source>Holiday {name} added.</source>
            <translation>已添加节假日 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="245" />
            <source>Holiday {name} removed.</source>
            <translation>已删除节假日 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="248" />
            <source>Import a holiday table</source>
            <translation>导入节假日表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="249" />
            <source>Holiday tables (*.json *.csv)</source>
            <translation>节假日表 (*.json *.csv)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_calendar.py" line="257" />
            <source>{source}: {added} holiday rows imported, {replaced} replaced.</source>
            <translation>{source}：导入 {added} 行节假日，替换 {replaced} 行。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="31" />
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/loads/capture_list.py" line="56" />
            <location filename="../../ui/loads/capture_window.py" line="123" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="33" />
            <source>Lighting</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="31" />
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/loads/capture_window.py" line="123" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="33" />
            <source>Sockets</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="31" />
            <source>AC</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="42" />
            <source>workdays {periods}</source>
            <translation>工作日 {periods}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="44" />
            <source>rest days {periods}</source>
            <translation>休息日 {periods}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="46" />
            <source>{branch} off {times}</source>
            <translation>{branch}断电 {times}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="46" />
            <location filename="../../ui/admin/power_page.py" line="49" />
            <source>never</source>
            <translation>从不</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="48" />
            <source>{branch} low-power {watts} W {times}</source>
            <translation>{branch}低功率 {watts} W，{times}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="51" />
            <source>{branch} off on holidays</source>
            <translation>{branch}节假日断电</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="53" />
            <source>{branch} standby {ma} mA</source>
            <translation>{branch}待机监测 {ma} mA</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="60" />
            <source>No control</source>
            <translation>不控制</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="74" />
            <source>What it does</source>
            <translation>内容</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="81" />
            <source>A policy is a template: assign it to the campus, a building, a floor or a room on the Assignments tab. A change reaches the meters at the next push.</source>
            <translation>策略是模板：在“分配”页将其分配给校区、楼栋、楼层或房间。修改在下次下发时写入电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="123" />
            <source>Policy {name} saved.</source>
            <translation>已保存策略 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="135" />
            <source>Policy {name} retired.</source>
            <translation>已停用策略 {name}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="149" />
            <source>Calendar</source>
            <translation>校历</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="149" />
            <source>Policies</source>
            <translation>策略</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_page.py" line="150" />
            <source>Assignments</source>
            <translation>分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="26" />
            <location filename="../../ui/admin/power_sync.py" line="49" />
            <source>In sync</source>
            <translation>已同步</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="27" />
            <source>Push {id} running…</source>
            <translation>下发 {id} 进行中…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="27" />
            <source>Push {id} finished.</source>
            <translation>下发 {id} 已完成。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="28" />
            <source>Push {id} cancelled: each meter keeps its old or its new settings.</source>
            <translation>下发 {id} 已取消：每块电表保持原设置或新设置，不会只写一半。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="52" />
            <source>Power settings by line</source>
            <translation>各线路的用电设置</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="53" />
            <source>Push to all meters</source>
            <translation>下发到全部电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="60" />
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="62" />
            <source>Checked</source>
            <translation>核对时间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="63" />
            <location filename="../../ui/admin/power_sync.py" line="75" />
            <source>Meters not in sync</source>
            <translation>未同步的电表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="64" />
            <source>Push</source>
            <translation>下发</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="121" />
            <source>The settings are on their way to the meters.</source>
            <translation>设置正在下发到电表。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="167" />
            <source>{line}: {done} of {total} done, {failed} failed</source>
            <translation>{line}：已完成 {done}/{total}，失败 {failed}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/power_sync.py" line="190" />
            <source>Push cancelled.</source>
            <translation>下发已取消。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="51" />
            <source>Takings</source>
            <translation>收款</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="52" />
            <location filename="../../ui/history_views.py" line="45" />
            <source>Consumption</source>
            <translation>用量扣费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="53" />
            <location filename="../../ui/campus_nav.py" line="16" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Arrears</source>
            <translation>欠费</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="54" />
            <source>Subsidies and free quota</source>
            <translation>补贴与免费额度</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="55" />
            <location filename="../../ui/bus_panel.py" line="49" />
            <source>Meter lines</source>
            <translation>电表线路</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="56" />
            <source>Alarms and malignant loads</source>
            <translation>告警与违规电器</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="57" />
            <source>Reconciliation findings</source>
            <translation>对账差异</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="199" />
            <source>Save as Excel…</source>
            <translation>另存为 Excel…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="202" />
            <source>Print…</source>
            <translation>打印…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="205" />
            <source>Save as PDF…</source>
            <translation>另存为 PDF…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="208" />
            <source>Month's report…</source>
            <translation>月报…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="212" />
            <source>Report</source>
            <translation>报表</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="243" />
            <source>Rooms of</source>
            <translation>房间分布</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="288" />
            <source>Reading…</source>
            <translation>正在读取…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="303" />
            <source>{report}, {first} to {last}.</source>
            <translation>{report}，{first} 至 {last}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="324" />
            <source>Net takings per day (¥)</source>
            <translation>每日净收款（元）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="324" />
            <source>Campus electricity per day (kWh)</source>
            <translation>全校每日用电（千瓦时）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="345" />
            <source>Save as Excel</source>
            <translation>另存为 Excel</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="365" />
            <location filename="../../ui/printing.py" line="177" />
            <location filename="../../ui/printing.py" line="185" />
            <source>Save as PDF</source>
            <translation>另存为 PDF</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="366" />
            <location filename="../../ui/printing.py" line="177" />
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../ui/admin/reports_page.py" line="379" />
            <source>Save the month's report</source>
            <translation>保存月报</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="73" />
            <source>Scan line {name}</source>
            <translation>扫描线路 {name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="84" />
            <source>Line {name} on {port}, {baud} baud 8{parity}1. A scan reads each address's identity; it writes nothing to the meters.</source>
            <translation>线路 {name}，端口 {port}，{baud} 波特 8{parity}1。扫描逐个地址读取表计身份信息，不向表计写入任何内容。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="90" />
            <source>For example 1-247, or 1-64,101-116</source>
            <translation>例如 1-247，或 1-64,101-116</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="95" />
            <source>Addresses</source>
            <translation>地址范围</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="101" />
            <source>%v of %m addresses</source>
            <translation>%v / %m 个地址</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="107" />
            <source>Firmware</source>
            <translation>固件</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="108" />
            <source>In the store / problem</source>
            <translation>系统记录 / 问题</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="108" />
            <source>Assign to room</source>
            <translation>分配到房间</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="118" />
            <source>Start scan</source>
            <translation>开始扫描</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="119" />
            <source>Cancel scan</source>
            <translation>取消扫描</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="121" />
            <source>Assign selected</source>
            <translation>分配所选</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="124" />
            <location filename="../../ui/dialogs/__init__.py" line="241" />
            <location filename="../../ui/transactions_view.py" line="94" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="161" />
            <source>Give addresses from 1 to 247, like 1-247 or 1-64,101-116.</source>
            <translation>请填写 1 至 247 的地址，例如 1-247 或 1-64,101-116。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="171" />
            <source>Scanning {n} addresses…</source>
            <translation>正在扫描 {n} 个地址…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="190" />
            <source>Stopping the scan…</source>
            <translation>正在停止扫描…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="194" />
            <source>Last address probed: {address}</source>
            <translation>最后探测的地址：{address}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="217" />
            <source>Scan cancelled after {probed} of {total} addresses: {n} answered.</source>
            <translation>扫描已在 {total} 个地址中的第 {probed} 个后取消：{n} 个有应答。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="220" />
            <source>Scan finished: {n} of {total} addresses answered.</source>
            <translation>扫描完成：{total} 个地址中 {n} 个有应答。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="266" />
            <location filename="../../ui/admin/scan_dialog.py" line="276" />
            <source>Assigned to {room}</source>
            <translation>已分配到 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="268" />
            <source>No answer; the store has it in {room}</source>
            <translation>无应答；系统记录其在 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="272" />
            <source>Not assigned</source>
            <translation>未分配</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="274" />
            <source>The store has a {kind} at this address ({room})</source>
            <translation>系统记录此地址为{kind}（{room}）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="326" />
            <source>Tick the meters to assign and choose a room for each.</source>
            <translation>请勾选要分配的表计，并为每个表计选择房间。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="362" />
            <source>{n} meters assigned.</source>
            <translation>已分配 {n} 个表计。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/scan_dialog.py" line="363" />
            <source>{n} meters assigned; {bad} refused (the reason is in their row).</source>
            <translation>已分配 {n} 个表计；{bad} 个被拒绝（原因见所在行）。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="91" />
            <source>{done} of {total} steps done. The office is ready to work.</source>
            <translation>已完成 {done}/{total} 步。可以开始营业了。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="93" />
            <source>{done} of {total} steps done; {left} still needed before the office can work.</source>
            <translation>已完成 {done}/{total} 步；开始营业前还需完成 {left} 步。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="102" />
            <source>(optional)</source>
            <translation>（可选）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="109" />
            <source>Skipped: {missing}</source>
            <translation>已跳过：{missing}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="119" />
            <source>Do it</source>
            <translation>去完成</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="127" />
            <source>At the counter</source>
            <translation>在柜台办理</translation>
        </message>
        <message>
            <location filename="../../ui/admin/start_page.py" line="131" />
            <source>Skip for now</source>
            <translation>暂时跳过</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="38" />
            <source>{room}, bed {bed}</source>
            <translation>{room}，{bed}号床</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="46" />
            <source>Register a student</source>
            <translation>登记学生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="46" />
            <source>Edit student</source>
            <translation>修改学生信息</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="50" />
            <location filename="../../ui/admin/students_page.py" line="130" />
            <source>Student number</source>
            <translation>学号</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="58" />
            <location filename="../../ui/admin/students_page.py" line="135" />
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="63" />
            <source>{no} {name}</source>
            <translation>{no} {name}</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="95" />
            <source>Deactivate student</source>
            <translation>停用学生</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="98" />
            <source>{no} {name} no longer lives at the school. Their history stays.</source>
            <translation>{no} {name} 已不在校住宿。其历史记录保留。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="139" />
            <source>Register…</source>
            <translation>登记…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="142" />
            <source>Reactivate</source>
            <translation>恢复在校</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="143" />
            <source>History…</source>
            <translation>历史…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="153" />
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="158" />
            <source>Checked in or not</source>
            <translation>不限入住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="158" />
            <source>Checked in</source>
            <translation>已入住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="158" />
            <source>Not checked in</source>
            <translation>未入住</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="162" />
            <source>Find: number, name or pinyin (zs, zhangsan)</source>
            <translation>查找：学号、姓名或拼音（zs、zhangsan）</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="232" />
            <source>All colleges</source>
            <translation>全部学院</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="244" />
            <source>All classes</source>
            <translation>全部班级</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="271" />
            <source>{no} {name} is registered.</source>
            <translation>{no} {name} 已登记。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="280" />
            <source>{no} {name} is saved.</source>
            <translation>{no} {name} 已保存。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="289" />
            <source>{no} {name} is deactivated.</source>
            <translation>{no} {name} 已停用。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/students_page.py" line="299" />
            <source>{no} {name} is active again.</source>
            <translation>{no} {name} 已恢复在校。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="112" />
            <source>Filter: type any words shown in the list</source>
            <translation>筛选：输入列表中显示的任意字词</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="117" />
            <source>Export to Excel…</source>
            <translation>导出到 Excel…</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="187" />
            <source>Export to Excel</source>
            <translation>导出到 Excel</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="199" />
            <source>{n} rows exported to {path}.</source>
            <translation>已导出 {n} 行到 {path}。</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="214" />
            <source>{n} shown</source>
            <translation>显示 {n} 条</translation>
        </message>
        <message>
            <location filename="../../ui/admin/table.py" line="215" />
            <source>{shown} of {total} shown</source>
            <translation>显示 {shown} / {total} 条</translation>
        </message>
        <message>
            <location filename="../../ui/admin/window.py" line="24" />
            <source>DormWatt — administration</source>
            <translation>DormWatt — 系统管理</translation>
        </message>
        <message>
            <location filename="../../ui/admin/window.py" line="74" />
            <source>DormWatt — administration — {page}</source>
            <translation>DormWatt — 系统管理 — {page}</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="49" />
            <source>Level</source>
            <translation>级别</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="49" />
            <source>Raised</source>
            <translation>发生时间</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="49" />
            <source>Message</source>
            <translation>内容</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="50" />
            <source>Notice</source>
            <translation>提示</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="50" />
            <source>Urgent</source>
            <translation>紧急</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="86" />
            <location filename="../../ui/alarm_panel.py" line="148" />
            <source>Acknowledge…</source>
            <translation>确认…</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="88" />
            <location filename="../../ui/alarm_panel.py" line="152" />
            <source>Go to room</source>
            <translation>转到房间</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="90" />
            <location filename="../../ui/alarm_panel.py" line="154" />
            <source>Release trip</source>
            <translation>解除跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="92" />
            <source>Reset the trip or lockout of the branch the selected alarms name (the meter gives the power back).</source>
            <translation>复位所选告警所指回路的跳闸或闭锁（电表恢复供电）。</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="118" />
            <source>What was done about it (required)</source>
            <translation>处理情况（必填）</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="119" />
            <source>Acknowledge</source>
            <translation>确认</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="229" />
            <source>Could not load the alarms: {error}</source>
            <translation>无法读取告警：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="260" />
            <source>Open alarms: {n}</source>
            <translation>未处理告警：{n} 条</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="261" />
            <source>No open alarms</source>
            <translation>没有未处理的告警</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="333" />
            <source>Trips released in {rooms}.</source>
            <translation>已解除 {rooms} 的跳闸。</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="354" />
            <source>Note for {n} alarm(s):</source>
            <translation>{n} 条告警的处理说明：</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Errors/min</source>
            <translation>错误/分钟</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Errors since start</source>
            <translation>启动以来的错误</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="16" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Low balance</source>
            <translation>余额不足</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="17" />
            <source>Lights-off active</source>
            <translation>熄灯中</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="17" />
            <source>Linkage lock</source>
            <translation>联动锁定</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="47" />
            <source>Floor {n}</source>
            <translation>{n} 层</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="64" />
            <source>Light</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="64" />
            <source>Socket</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="64" />
            <source>A/C</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="112" />
            <source>{n}/{beds} beds</source>
            <translation>{n}/{beds} 床</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="119" />
            <source>Elec.</source>
            <translation>电费</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="130" />
            <location filename="../../ui/room_panel.py" line="296" />
            <source>≈{n}d</source>
            <translation>约{n}天</translation>
        </message>
        <message>
            <location filename="../../ui/card_model.py" line="46" />
            <location filename="../../ui/room_panel.py" line="298" />
            <source>Electricity money lasts about {n} days at the room's recent use</source>
            <translation>按近期用电，电费约可用 {n} 天</translation>
        </message>
        <message>
            <location filename="../../ui/card_model.py" line="51" />
            <source>{branch}: {marks}</source>
            <translation>{branch}：{marks}</translation>
        </message>
        <message>
            <location filename="../../ui/consumption_bars.py" line="48" />
            <source>No readings yet.</source>
            <translation>暂无读数。</translation>
        </message>
        <message>
            <location filename="../../ui/consumption_bars.py" line="64" />
            <source>{days} days: {total} kWh, {mean} kWh a day on average, today {today} kWh</source>
            <translation>{days} 天：共 {total} 千瓦时，日均 {mean} 千瓦时，今日 {today} 千瓦时</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="192" />
            <source>DormWatt: something went wrong</source>
            <translation>DormWatt：出现问题</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="193" />
            <source>DormWatt ran into a problem it did not expect and stopped what it was doing.</source>
            <translation>DormWatt 遇到意外问题，已停止当前操作。</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="198" />
            <source>A report was saved to:
{path}</source>
            <translation>报告已保存到：
{path}</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="200" />
            <source>The report could not be saved to a file: use “Copy report” and paste it into an email.</source>
            <translation>报告无法保存为文件：请点击“复制报告”，再粘贴到邮件中。</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="202" />
            <source>Your data is safe: every payment, refund and check-out is saved whole or not at all, so nothing was half recorded. Check the last thing you did in the transaction list before doing it again.</source>
            <translation>您的数据是安全的：每笔缴费、退款和退宿要么完整保存，要么完全不保存，不会只记录一半。重新操作前，请先在交易记录中核对您最后一次办理的业务。</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="205" />
            <source>What to do: send the report to your administrator. If the window stops responding or looks wrong, close DormWatt and start it again.</source>
            <translation>处理方法：将报告发给管理员。如果窗口无响应或显示异常，请关闭 DormWatt 后重新启动。</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="209" />
            <source>Copy report</source>
            <translation>复制报告</translation>
        </message>
        <message>
            <location filename="../../ui/crash.py" line="219" />
            <source>Copied</source>
            <translation>已复制</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="55" />
            <source>Something went wrong: {error}</source>
            <translation>程序出错：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="63" />
            <source>{what} cannot be negative.</source>
            <translation>{what}不能为负数。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="33" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="137" />
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="33" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="137" />
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="34" />
            <source>lives in {room}, bed {bed}</source>
            <translation>住在 {room}，{bed} 号床</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="35" />
            <source>not checked in</source>
            <translation>未入住</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="36" />
            <source>{number}  {name} ({gender}) — {where}</source>
            <translation>{number}  {name}（{gender}）— {where}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="44" />
            <source>First free bed</source>
            <translation>第一个空床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="48" />
            <source>Bed {bed} — free</source>
            <translation>{bed} 号床 — 空</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="50" />
            <source>Bed {bed} — {name}</source>
            <translation>{bed} 号床 — {name}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="103" />
            <source>No student found.</source>
            <translation>未找到学生。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="117" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="126" />
            <location filename="../../ui/room_panel.py" line="65" />
            <source>Check in</source>
            <translation>入住</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="134" />
            <source>This room no longer exists.</source>
            <translation>该房间已不存在。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="138" />
            <source>Room {room} · {gender} · {free} of {beds} beds free</source>
            <translation>房间 {room} · {gender} · 空床 {free}/{beds}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="152" />
            <source>Find the student first: type a student number or a name.</source>
            <translation>请先查找学生：输入学号或姓名。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="48" />
            <source>Paid in</source>
            <translation>已缴金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="48" />
            <source>Share of consumption</source>
            <translation>应摊用量费用</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="49" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="118" />
            <source>Refundable now</source>
            <translation>现可退金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="49" />
            <source>Still owed</source>
            <translation>尚欠金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="76" />
            <source>Policy</source>
            <translation>结算方式</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="90" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="79" />
            <source>Transaction number from the payment</source>
            <translation>支付流水号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="103" />
            <source>Print statement</source>
            <translation>打印结算单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="104" />
            <source>Save statement as PDF…</source>
            <translation>结算单另存为 PDF…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="105" />
            <source>Print refund slips</source>
            <translation>打印退费单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="108" />
            <source>Check out and settle</source>
            <translation>退宿并结算</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="125" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="76" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="126" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="163" />
            <source>{name} ({number}), bed {bed}</source>
            <translation>{name}（{number}），{bed} 号床</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="129" />
            <source>Nobody lives in this room; there is nobody to check out.</source>
            <translation>该房间无人入住，无人可退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="133" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="161" />
            <source>Room {room}</source>
            <translation>房间 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="163" />
            <source>Collect what the student owes now: {amount}</source>
            <translation>退宿时一并收取学生所欠款项：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="173" />
            <source>Refunds above {limit} a day from one account need an administrator's approval.</source>
            <translation>同一账户每天退款超过 {limit} 需经管理员批准。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="221" />
            <source>{name} ({number}) has left {room}, bed {bed}.</source>
            <translation>{name}（{number}）已从 {room} {bed} 号床退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="224" />
            <source>{utility}: {status}</source>
            <translation>{utility}：{status}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="226" />
            <source>Nothing to refund.</source>
            <translation>没有可退的金额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="229" />
            <source>Collected from the student: {amount}.</source>
            <translation>已向学生收取欠款：{amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="231" />
            <source>Still owed by the student: {amount}.</source>
            <translation>学生尚欠：{amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="274" />
            <source>Settlement statement</source>
            <translation>结算单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Recharge…</source>
            <translation>充值…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Refund…</source>
            <translation>退费…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Check in…</source>
            <translation>入住…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="41" />
            <source>Exchange…</source>
            <translation>调宿…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="41" />
            <source>Check out…</source>
            <translation>退宿…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="70" />
            <source>Shift opened with a float of {cash}.</source>
            <translation>已开班，备用金 {cash}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="76" />
            <source>Shift {id} closed.</source>
            <translation>班次 {id} 已交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="100" />
            <source>Receipt {number}: {amount} taken.</source>
            <translation>收据 {number}：已收 {amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="117" />
            <source>Refund of {amount}: {status}</source>
            <translation>退费 {amount}：{status}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="118" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>paid</source>
            <translation>已付</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="119" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>waiting for the meter</source>
            <translation>等待电表退回</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="119" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="126" />
            <source>{name} checked in to {room}, bed {bed}.</source>
            <translation>{name} 已入住 {room} {bed} 号床。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="133" />
            <source>Exchange done.</source>
            <translation>调宿完成。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="141" />
            <source>{utility} {amount}</source>
            <translation>{utility} {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="143" />
            <source>{name} checked out; refunds: {refunds}.</source>
            <translation>{name} 已退宿；退费：{refunds}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="28" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="50" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="60" />
            <location filename="../../ui/room_panel.py" line="66" />
            <source>Exchange</source>
            <translation>调宿</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="40" />
            <source>Move to a room and bed</source>
            <translation>调到指定房间和床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="42" />
            <source>Swap beds with another student</source>
            <translation>与另一名学生互换床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="54" />
            <source>Target room</source>
            <translation>目标房间</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="57" />
            <source>Target bed</source>
            <translation>目标床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="59" />
            <source>Swap with</source>
            <translation>互换对象</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="74" />
            <source>From room {room}</source>
            <translation>原房间 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="79" />
            <source>Nobody lives in this room; there is nobody to move.</source>
            <translation>该房间无人入住，无人可调宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="106" />
            <source>There is no room {code}.</source>
            <translation>没有房间 {code}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="124" />
            <source>Type the code of the room to move to.</source>
            <translation>请输入要调入的房间编号。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="138" />
            <source>Find the student to swap with: type a student number or a name.</source>
            <translation>查找互换的学生：输入学号或姓名。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="56" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="123" />
            <source>Amount (CNY)</source>
            <translation>金额（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="58" />
            <source>Type it again</source>
            <translation>再输入一次</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="83" />
            <source>Paid by</source>
            <translation>缴费人</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="84" />
            <source>Print receipt</source>
            <translation>打印收据</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="87" />
            <source>Open a shift…</source>
            <translation>开班…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="93" />
            <source>Take the money</source>
            <translation>确认收款</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="128" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="165" />
            <source>Not said</source>
            <translation>未填写</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="136" />
            <source>Room {room} · {utility} balance {balance}</source>
            <translation>房间 {room} · {utility}余额 {balance}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="148" />
            <source>Above {limit}: type {amount} again</source>
            <translation>超过 {limit}：请再输入一次 {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="167" />
            <source>The two amounts do not match ({first} and {second}); type the amount again.</source>
            <translation>两次输入的金额不一致（{first} 与 {second}）；请重新输入金额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="209" />
            <source>A {method} recharge needs the transaction reference.</source>
            <translation>{method}充值需要填写支付流水号。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="248" />
            <source>Receipt {number}</source>
            <translation>收据 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="39" />
            <source>Refund of {amount}: paid.</source>
            <translation>退费 {amount}：已付。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="41" />
            <source>Refund of {amount}: failed — {reason}</source>
            <translation>退费 {amount}：失败 — {reason}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="42" />
            <source>Refund of {amount}: waiting for the meter to give the money back.</source>
            <translation>退费 {amount}：等待电表退回余额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="50" />
            <source>Administrator approval</source>
            <translation>管理员审批</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="55" />
            <source>An administrator types their login name and password here to approve.</source>
            <translation>请管理员在此输入登录名和密码以批准。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="62" />
            <location filename="../../ui/setup_wizard.py" line="156" />
            <source>Administrator login</source>
            <translation>管理员账号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="115" />
            <location filename="../../ui/history_views.py" line="112" />
            <location filename="../../ui/student_history.py" line="124" />
            <location filename="../../ui/student_history.py" line="135" />
            <source>Account</source>
            <translation>账户</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="121" />
            <source>Paid to</source>
            <translation>退给</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="131" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="134" />
            <source>Print slip</source>
            <translation>打印退费单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="176" />
            <source>This room has no accounts yet; nothing can be refunded.</source>
            <translation>该房间还没有账户，无可退费用。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="186" />
            <source>Refunds above {limit} need an administrator's approval.</source>
            <translation>退费超过 {limit} 需要管理员审批。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="51" />
            <source>Open a shift</source>
            <translation>开班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="53" />
            <source>Operator: {name}</source>
            <translation>操作员：{name}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="55" />
            <source>Cash float (CNY)</source>
            <translation>备用金（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="57" />
            <source>Open shift</source>
            <translation>开班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="79" />
            <source>Close the shift</source>
            <translation>交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="85" />
            <source>Counted cash (CNY)</source>
            <translation>实点现金（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>Count</source>
            <translation>笔数</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="114" />
            <source>Print report</source>
            <translation>打印报表</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="115" />
            <source>Save report as PDF…</source>
            <translation>报表另存为 PDF…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="118" />
            <location filename="../../ui/dialogs/shift_dialogs.py" line="171" />
            <source>Close shift</source>
            <translation>交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="127" />
            <source>You have no open shift to close.</source>
            <translation>您没有可交班的班次。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="129" />
            <source>Shift {id} · opened {at} · float {cash}</source>
            <translation>班次 {id} · 开班 {at} · 备用金 {cash}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="156" />
            <source>The drawer is {amount} short: {expected} expected, {counted} counted. Count again, or close the shift with this difference.</source>
            <translation>钱箱短款 {amount}：应有 {expected}，实点 {counted}。请重新清点，或按此差额交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="159" />
            <source>The drawer is {amount} over: {expected} expected, {counted} counted. Count again, or close the shift with this difference.</source>
            <translation>钱箱长款 {amount}：应有 {expected}，实点 {counted}。请重新清点，或按此差额交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="164" />
            <source>Close with the difference</source>
            <translation>按差额交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="192" />
            <source>Expected cash: {amount}</source>
            <translation>应有现金：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="193" />
            <source>Counted cash: {amount}</source>
            <translation>实点现金：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="194" />
            <source>Receipts {first} to {last}</source>
            <translation>收据 {first} 至 {last}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="195" />
            <source>No receipts in this shift.</source>
            <translation>本班次无收据。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="199" />
            <source>Difference: {amount}</source>
            <translation>差额：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="200" />
            <source>Difference: none, the drawer is right.</source>
            <translation>差额：无，账款相符。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="213" />
            <source>Shift report {id}</source>
            <translation>交班报表 {id}</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="115" />
            <source>Balance after</source>
            <translation>余额</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="120" />
            <source>Memo</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="124" />
            <source>Both accounts</source>
            <translation>全部账户</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="154" />
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <source>Incoming</source>
            <translation>总进线</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/loads/capture_window.py" line="123" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="33" />
            <source>Air conditioning</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="120" />
            <source>Power</source>
            <translation>功率</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="121" />
            <source>Seconds before now</source>
            <translation>距今秒数</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="159" />
            <source>This room's meter is not on a running bus.</source>
            <translation>该房间的电表不在运行中的总线上。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="161" />
            <source>The meter did not answer in time; try again.</source>
            <translation>电表未及时应答，请重试。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <location filename="../../ui/live_curves.py" line="286" />
            <source>Power off</source>
            <translation>断电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <source>Power on</source>
            <translation>恢复供电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <location filename="../../ui/live_curves.py" line="177" />
            <source>Keep power</source>
            <translation>保电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <location filename="../../ui/policies/timeline_view.py" line="25" />
            <source>On</source>
            <translation>通电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <source>Off</source>
            <translation>断电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <source>Tripped</source>
            <translation>跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <location filename="../../ui/live_curves.py" line="243" />
            <source>Locked out</source>
            <translation>锁定</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="206" />
            <source>Cut this branch's power until Power on or Auto (asks first).</source>
            <translation>切断本回路供电，直到按“恢复供电”或“自动”（会先确认）。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="207" />
            <source>Back to automatic control and release this branch's trips: power returns unless prepaid, schedule or linkage keep it off.</source>
            <translation>恢复自动控制并解除本回路跳闸：除非预付费、时段控制或联动仍要求断电，否则恢复供电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="209" />
            <source>Keep power on over prepaid, schedule, load control and linkage.</source>
            <translation>保持供电，不受预付费、时段控制、负载控制和联动影响。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="210" />
            <source>Automatic control: prepaid, schedule and load control decide.</source>
            <translation>自动控制：由预付费、时段控制和负载控制决定。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="234" />
            <source>Release trips</source>
            <translation>解除跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="236" />
            <source>Reset the trip latches and lockouts of every branch.</source>
            <translation>复位所有回路的跳闸和锁定。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="243" />
            <location filename="../../ui/live_curves.py" line="270" />
            <source>{state} · {power} W</source>
            <translation>{state} · {power} W</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="266" />
            <source>not read yet</source>
            <translation>尚未读取</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="287" />
            <source>Cut the power of {branch} in room {room}?</source>
            <translation>确定切断 {room} 房间{branch}回路的供电吗？</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="290" />
            <source>The students have no power on this branch until someone presses Power on or Auto.</source>
            <translation>在有人按“恢复供电”或“自动”之前，学生在本回路上没有电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="325" />
            <source>{branch}: power off.</source>
            <translation>{branch}：已断电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="325" />
            <source>{branch}: back to automatic, trips released.</source>
            <translation>{branch}：已恢复自动，跳闸已解除。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="326" />
            <source>{branch}: keeps power.</source>
            <translation>{branch}：保电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="326" />
            <source>{branch}: automatic control.</source>
            <translation>{branch}：自动控制。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="335" />
            <source>Trips released on every branch.</source>
            <translation>所有回路的跳闸已解除。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="55" />
            <source>Cooking</source>
            <translation>烹饪</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="55" />
            <source>Heating</source>
            <translation>取暖</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="55" />
            <source>Personal care</source>
            <translation>个人护理</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="56" />
            <source>Climate</source>
            <translation>空调通风</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="56" />
            <source>Electronics</source>
            <translation>电子产品</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="57" />
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="85" />
            <source>Captures of this appliance</source>
            <translation>该电器的录制</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="89" />
            <source>Use</source>
            <translation>采用</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="89" />
            <source>ΔP</source>
            <translation>ΔP</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="96" />
            <source>Untick a capture to leave it out of the spread and of the library</source>
            <translation>取消勾选某次录制，可将其排除在离散范围和特征库之外</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="104" />
            <source>Mean ± sd</source>
            <translation>均值 ± 标准差</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="116" />
            <source>Start another appliance</source>
            <translation>开始录制另一种电器</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="118" />
            <source>Forget these captures (nothing is saved)</source>
            <translation>丢弃这些录制（不保存任何内容）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="136" />
            <location filename="../../ui/loads/capture_list.py" line="171" />
            <source>Save to the library</source>
            <translation>保存到特征库</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="139" />
            <source>e.g. induction cooker</source>
            <translation>例如：电磁炉</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="155" />
            <source>Block: trip it</source>
            <translation>禁止：跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="156" />
            <source>Allow: whitelist it</source>
            <translation>允许：加入白名单</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="231" />
            <source>{n} of {total} captures used</source>
            <translation>已采用 {n}/{total} 次录制</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="260" />
            <source>Take a capture of the appliance (and leave it ticked) before saving.</source>
            <translation>保存前请先录制该电器（并保持勾选）。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="264" />
            <source>The library is still loading; try again in a moment.</source>
            <translation>特征库仍在加载；请稍后再试。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="294" />
            <source>Added {n} captures of another device to “{name}”: library version {version}.</source>
            <translation>已将另一台设备的 {n} 个样本添加到“{name}”：特征库版本 {version}。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="296" />
            <source>Saved “{name}” with {n} captures: library version {version}.</source>
            <translation>已保存“{name}”（{n} 次录制）：特征库版本 {version}。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_list.py" line="302" />
            <source>Not saved: {reason} The captures are kept.</source>
            <translation>未保存：{reason}录制数据已保留。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="52" />
            <source>ΔP (step power)</source>
            <translation>ΔP（阶跃功率）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="53" />
            <source>ΔQ (reactive)</source>
            <translation>ΔQ（无功）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="54" />
            <source>Power factor</source>
            <translation>功率因数</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="55" />
            <source>3rd harmonic I3/I1</source>
            <translation>3 次谐波 I3/I1</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="56" />
            <source>5th harmonic I5/I1</source>
            <translation>5 次谐波 I5/I1</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="57" />
            <source>7th harmonic I7/I1</source>
            <translation>7 次谐波 I7/I1</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="58" />
            <source>THD of current</source>
            <translation>电流 THD</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="59" />
            <source>Crest factor</source>
            <translation>峰值因数</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="126" />
            <source>Voltage, one cycle after the step</source>
            <translation>电压（阶跃后一个周波）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="126" />
            <location filename="../../ui/loads/capture_plots.py" line="130" />
            <source>Voltage</source>
            <translation>电压</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="127" />
            <source>Branch current: after and before the step</source>
            <translation>回路电流：阶跃后与阶跃前</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="127" />
            <location filename="../../ui/loads/capture_plots.py" line="129" />
            <location filename="../../ui/loads/capture_plots.py" line="130" />
            <source>Current</source>
            <translation>电流</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="129" />
            <source>Step current (after − before)</source>
            <translation>阶跃电流（后 − 前）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="130" />
            <source>V–I trajectory of the step current</source>
            <translation>阶跃电流的 V–I 轨迹</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="131" />
            <source>Harmonics of the step current (% of I1)</source>
            <translation>阶跃电流谐波（占 I1 的 %）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="131" />
            <source>Order (0 = DC)</source>
            <translation>次数（0 = 直流）</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="135" />
            <source>after</source>
            <translation>阶跃后</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="139" />
            <source>before</source>
            <translation>阶跃前</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="147" />
            <source>Blue: odd orders. Orange: DC (order 0) and even orders, which a half-wave load (a diode in series) shows.</source>
            <translation>蓝色：奇次谐波。橙色：直流（0 次）和偶次谐波，半波负载（串联二极管）会出现这些分量。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="154" />
            <source>This capture</source>
            <translation>本次录制</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="160" />
            <source>§13 step features computed on this computer from the three cycles, with the meter's own definitions. Inrush and fluctuation need more than three cycles.</source>
            <translation>§13 阶跃特征，由本机根据这三个周波按电表自身的定义计算。冲击电流和波动需要三个以上周波，无法计算。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_plots.py" line="201" />
            <source>I1 = 100 %</source>
            <translation>I1 = 100 %</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="70" />
            <source>DormWatt — appliance capture</source>
            <translation>DormWatt — 电器波形录制</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="82" />
            <source>Reading the cycles…</source>
            <translation>正在读取周波…</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="99" />
            <source>The appliance capture tool is for technicians and administrators: {who} ({role}) may not use it.</source>
            <translation>电器波形录制工具仅供技术员和管理员使用：{who}（{role}）无权使用。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="119" />
            <source>address 1–247</source>
            <translation>地址 1–247</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="120" />
            <source>The bench meter's address, or one of the electricity meters on this line</source>
            <translation>测试台电表的地址，或本线路上某块电表的地址</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="124" />
            <source>{n} · {branch}</source>
            <translation>{n} · {branch}</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="137" />
            <source>Arm</source>
            <translation>准备录制</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="147" />
            <source>Choose the line, the meter and the branch, then arm.</source>
            <translation>选择线路、电表和回路，然后点击“准备录制”。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="154" />
            <source>1. Plug the appliance, switched off, into the branch's outlet of the bench meter.
2. Arm, then switch the appliance on and leave it on for two seconds.
3. Switch it off; arm again for the next capture. Three or more captures give the spread.</source>
            <translation>1. 在电器关闭状态下，将其插入测试台电表对应回路的插座。
2. 点击“准备录制”，然后打开电器并保持开启两秒。
3. 关闭电器；再次点击“准备录制”进行下一次录制。录制三次或以上可得到离散范围。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="193" />
            <source>run by this window</source>
            <translation>由本窗口运行</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="195" />
            <source>run by {owner}</source>
            <translation>由 {owner} 运行</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="197" />
            <source>free</source>
            <translation>空闲</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="198" />
            <source>{name} ({who}) · {port}</source>
            <translation>{name}（{who}） · {port}</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="202" />
            <source>There is no line in the store: add the bench adapter's line under Administration → Lines and meters.</source>
            <translation>系统中没有线路：请在“系统管理 → 线路与电表”中添加测试台适配器所在的线路。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="224" />
            <source>{address} · {room}</source>
            <translation>{address} · {room}</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="237" />
            <source>Signature library: version {version}, {n} appliances</source>
            <translation>特征库：版本 {version}，{n} 种电器</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="255" />
            <source>Give the meter's address, 1 to 247.</source>
            <translation>请填写电表地址（1 到 247）。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="264" />
            <source>Choose a line first.</source>
            <translation>请先选择线路。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="279" />
            <source>Arming meter {address}, branch {branch}…</source>
            <translation>正在让电表 {address} 的回路 {branch} 准备录制…</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="286" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="290" />
            <source>Armed — switch the appliance on now</source>
            <translation>已就绪——请立即打开电器</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="297" />
            <source>Not kept: {reason}</source>
            <translation>未保留：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="300" />
            <source>Capture {n} kept: ΔP {dp} W. Switch the appliance off, then arm again for the next capture.</source>
            <translation>已保留第 {n} 次录制：ΔP {dp} W。请关闭电器，然后再次点击“准备录制”进行下一次录制。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="308" />
            <source>Capture cancelled; the meter was disarmed.</source>
            <translation>录制已取消；电表已退出录制准备。</translation>
        </message>
        <message>
            <location filename="../../ui/loads/capture_window.py" line="312" />
            <source>The meter did not answer as expected: {error}</source>
            <translation>电表未按预期应答：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/login_dialog.py" line="18" />
            <source>DormWatt — log in</source>
            <translation>DormWatt — 登录</translation>
        </message>
        <message>
            <location filename="../../ui/login_dialog.py" line="42" />
            <source>Checking…</source>
            <translation>正在验证…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="43" />
            <source>DormWatt — {school}</source>
            <translation>DormWatt — {school}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="55" />
            <source>Find a room: number, student number, name, pinyin or its initials</source>
            <translation>查找房间：房间号、学号、姓名、拼音或拼音首字母</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="72" />
            <source>DEMO — simulated campus and meters, not real money</source>
            <translation>演示模式 — 模拟的校区和电表，非真实资金</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="92" />
            <source>Alarms</source>
            <translation>告警</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="95" />
            <source>Alarms ({n})</source>
            <translation>告警（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="172" />
            <source>Find room</source>
            <translation>查找房间</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="176" />
            <source>&amp;Counter</source>
            <translation>柜台(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="177" />
            <source>Open shift…</source>
            <translation>开班…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="179" />
            <source>Close shift…</source>
            <translation>交班…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="196" />
            <source>Transactions…</source>
            <translation>交易记录…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="197" />
            <source>Student history…</source>
            <translation>学生历史记录…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="202" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="203" />
            <source>Reload all rooms</source>
            <translation>重新加载全部房间</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="206" />
            <source>&amp;Settings</source>
            <translation>设置(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="207" />
            <source>Preferences…</source>
            <translation>首选项…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="208" />
            <source>Change my password…</source>
            <translation>修改我的密码…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="210" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="211" />
            <source>About DormWatt…</source>
            <translation>关于 DormWatt…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="222" />
            <source>&amp;Administration</source>
            <translation>系统管理(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="230" />
            <source>Appliance capture…</source>
            <translation>电器波形录制…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="275" />
            <source>Select a room first.</source>
            <translation>请先选择房间。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="298" />
            <source>{rooms} rooms loaded in {ms} ms</source>
            <translation>已加载 {rooms} 个房间，用时 {ms} 毫秒</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="335" />
            <source>Could not load the rooms: {error}</source>
            <translation>无法加载房间：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="399" />
            <source>{n} rooms match “{text}”: choose one with the arrow keys or the mouse.</source>
            <translation>有 {n} 个房间符合“{text}”：请用方向键或鼠标选择一个。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="81" />
            <source>Off periods in force (schedule on)</source>
            <translation>断电时段生效（启用时间表）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="83" />
            <source>Power off all day on holidays</source>
            <translation>节假日全天断电</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="87" />
            <source>Drag on a row to paint an off period (15-minute steps); keep dragging past 24:00 for a period that runs past midnight. Drag a bar to move it, its ends to resize it; right-click or Delete removes it. Each day uses only its own table.</source>
            <translation>在行上拖动即可画出断电时段（以 15 分钟为单位）；继续拖过 24:00 可画出跨午夜的时段。拖动色条可移动，拖动其两端可调整长短；右键单击或按 Delete 删除。每天只执行当天自己的时间表。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="94" />
            <source>Low-power mode during off periods</source>
            <translation>断电时段内低功率模式</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="95" />
            <source>Power limit (W)</source>
            <translation>功率限值（W）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="95" />
            <location filename="../../ui/policies/policy_editor.py" line="100" />
            <source>Delay before tripping (s)</source>
            <translation>跳闸延时（秒）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="96" />
            <source>Small loads such as phone chargers stay on; more than the limit for longer than the delay trips the branch until the off period ends.</source>
            <translation>手机充电器等小负载保持供电；超过限值的时间长于延时则回路跳闸，直到断电时段结束。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="99" />
            <source>Standby monitoring (air conditioner unplugged)</source>
            <translation>待机监测（空调被拔出）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="100" />
            <source>Current threshold (mA)</source>
            <translation>电流阈值（mA）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="101" />
            <source>Less current than the threshold for longer than the delay opens the branch until someone releases it.</source>
            <translation>电流低于阈值的时间长于延时则回路断开，直到有人解除。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="174" />
            <source>Policy name</source>
            <translation>策略名称</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="175" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="214" />
            <source>Give the policy a name.</source>
            <translation>请为策略命名。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/policy_editor.py" line="218" />
            <source>{branch}: {problem}</source>
            <translation>{branch}：{problem}</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="25" />
            <source>Off by schedule</source>
            <translation>按时间表断电</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="26" />
            <source>Low-power (small loads only)</source>
            <translation>低功率（仅限小负载）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="26" />
            <source>Holiday off</source>
            <translation>节假日断电</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Monday</source>
            <translation>星期一</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Tuesday</source>
            <translation>星期二</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Wednesday</source>
            <translation>星期三</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Thursday</source>
            <translation>星期四</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Friday</source>
            <translation>星期五</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="27" />
            <source>Saturday</source>
            <translation>星期六</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="28" />
            <source>Sunday</source>
            <translation>星期日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="29" />
            <source>workday</source>
            <translation>工作日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="29" />
            <source>rest day</source>
            <translation>休息日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="29" />
            <source>holiday</source>
            <translation>节假日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="35" />
            <source>{weekday} {date} ({kind})</source>
            <translation>{date} {weekday}（{kind}）</translation>
        </message>
        <message>
            <location filename="../../ui/policies/timeline_view.py" line="97" />
            <source>{branch}: {mode}, {start}–{end}</source>
            <translation>{branch}：{mode}，{start}–{end}</translation>
        </message>
        <message>
            <location filename="../../ui/policies/week_grid.py" line="40" />
            <source>Workday</source>
            <translation>工作日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/week_grid.py" line="40" />
            <source>Rest day</source>
            <translation>休息日</translation>
        </message>
        <message>
            <location filename="../../ui/policies/week_grid.py" line="93" />
            <source>Off periods</source>
            <translation>断电时段</translation>
        </message>
        <message>
            <location filename="../../ui/policies/week_grid.py" line="94" />
            <source>Drag on a row to add an off period; drag past 24:00 to run past midnight. Drag a bar to move it, its ends to resize it; right-click or Delete removes it.</source>
            <translation>在行上拖动可添加断电时段；拖过 24:00 可跨越午夜。拖动色条可移动，拖动其两端可调整长短；右键单击或按 Delete 删除。</translation>
        </message>
        <message>
            <location filename="../../ui/policies/week_grid.py" line="142" />
            <source>Not changed: {reason}</source>
            <translation>未修改：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="56" />
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="65" />
            <source>Follow the system ({language})</source>
            <translation>跟随系统（{language}）</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="74" />
            <source>Language</source>
            <translation>界面语言</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="95" />
            <source>The system's default printer</source>
            <translation>系统默认打印机</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="99" />
            <source>{printer} (not installed)</source>
            <translation>{printer}（未安装）</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="108" />
            <source>Receipt printer</source>
            <translation>收据打印机</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="112" />
            <source>80 mm roll</source>
            <translation>80 毫米卷纸</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="113" />
            <source>58 mm roll</source>
            <translation>58 毫米卷纸</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="117" />
            <source>Graphic, through the printer's driver</source>
            <translation>图形方式，经打印机驱动</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="118" />
            <source>Raw ESC/POS, Chinese in GB18030</source>
            <translation>原始 ESC/POS，中文采用 GB18030</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="122" />
            <source>Empty: the printer above, in raw mode</source>
            <translation>留空：以原始模式使用上面的打印机</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="123" />
            <source>A network printer as 192.168.1.50:9100, a port as COM3 or /dev/usb/lp0, or a printer queue's name; empty: the receipt printer above.</source>
            <translation>网络打印机如 192.168.1.50:9100，端口如 COM3 或 /dev/usb/lp0，或打印队列名称；留空：使用上面的收据打印机。</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="125" />
            <source>Preview each receipt before it prints</source>
            <translation>每张收据打印前先预览</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="128" />
            <source>Print a test page</source>
            <translation>打印测试页</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="139" />
            <location filename="../../ui/preferences_dialog.py" line="157" />
            <source>Printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="140" />
            <location filename="../../ui/preferences_dialog.py" line="158" />
            <source>Paper</source>
            <translation>纸张</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="141" />
            <source>Mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="142" />
            <source>Raw target</source>
            <translation>原始打印目标</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="149" />
            <source>Document printer (statements, slips, reports)</source>
            <translation>文档打印机（结算单、退费单、报表）</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="186" />
            <source>Printing the test page…</source>
            <translation>正在打印测试页…</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="210" />
            <source>The new language applies the next time DormWatt starts.</source>
            <translation>新的界面语言将在下次启动 DormWatt 时生效。</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="213" />
            <source>A change of language applies the next time DormWatt starts.</source>
            <translation>更改界面语言后，下次启动 DormWatt 时生效。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="115" />
            <source>Printing needs QtPdf (PySide6-Addons) or poppler's pdftoppm; neither is installed. Save the document as PDF instead.</source>
            <translation>打印需要 QtPdf（PySide6-Addons）或 poppler 的 pdftoppm，但两者都未安装。请改为将文档另存为 PDF。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="123" />
            <source>The document could not be prepared for printing: {error}</source>
            <translation>无法准备打印文档：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="151" />
            <source>The printer could not be opened.</source>
            <translation>无法打开打印机。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="185" />
            <source>The file could not be saved: {error}</source>
            <translation>无法保存文件：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="191" />
            <source>Printing</source>
            <translation>打印</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="205" />
            <source>Receipt not printed</source>
            <translation>收据未打印</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="206" />
            <source>{title} did not print: {reason}</source>
            <translation>{title} 未打印：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="206" />
            <source>The receipt</source>
            <translation>收据</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="209" />
            <source>Nothing is lost: the receipt is saved. Reprint it from Transactions (Ctrl+T): select it and press Ctrl+P (Reprint); the reprint is marked COPY.</source>
            <translation>没有丢失任何数据：收据已保存。可在“交易记录”（Ctrl+T）中选中该收据，按 Ctrl+P（补打）重新打印；补打件标有“副本 COPY”。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="255" />
            <source>Print preview</source>
            <translation>打印预览</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="255" />
            <source>Print preview — {title}</source>
            <translation>打印预览 — {title}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="303" />
            <source>The printer {name} is stopped or in error (offline, out of paper or paused).</source>
            <translation>打印机 {name} 已停止或出错（离线、缺纸或已暂停）。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="307" />
            <source>The printer {name} reported an error.</source>
            <translation>打印机 {name} 报告了错误。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="392" />
            <location filename="../../ui/printing.py" line="408" />
            <source>The test page went to {target}.</source>
            <translation>测试页已发送到 {target}。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="399" />
            <source>No printer is installed on this computer.</source>
            <translation>此计算机上未安装打印机。</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="20" />
            <source>Load control: {name}</source>
            <translation>负载控制：{name}</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="22" />
            <source>Load control: off (exempt)</source>
            <translation>负载控制：关闭（豁免）</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="23" />
            <source>Load control: the meter's own settings</source>
            <translation>负载控制：电表自身设置</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="29" />
            <source>no signature library yet</source>
            <translation>尚无特征库</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="31" />
            <source>no signature slots in force</source>
            <translation>无生效的特征槽</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="33" />
            <source>{n} of 32 signature slots ({allowed} allowed, {blocked} blocked)</source>
            <translation>特征槽 {n}/32（允许 {allowed}，禁止 {blocked}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="39" />
            <source>{name} (allowed)</source>
            <translation>{name}（允许）</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="39" />
            <source>{name} (blocked)</source>
            <translation>{name}（禁止）</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="42" />
            <source>Left out: {names}: {reason}</source>
            <translation>未下发：{names}：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/room_loads_box.py" line="67" />
            <source>Could not load the load control: {error}</source>
            <translation>无法读取负载控制：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="159" />
            <source>Acknowledge alarm…</source>
            <translation>确认告警…</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="179" />
            <source>No live values yet.</source>
            <translation>暂无实时数据。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="189" />
            <source>Live</source>
            <translation>实时</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="190" />
            <source>Daily use</source>
            <translation>每日用量</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="191" />
            <source>Ledger</source>
            <translation>账目</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="193" />
            <source>Daily readings…</source>
            <translation>每日抄表…</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="196" />
            <source>The room's readings and charges day by day for the last {n} days, to print for a student who disputes a bill</source>
            <translation>本房间近 {n} 天逐日的抄表读数与扣费，供对账单有异议的学生打印</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="284" />
            <source>{code}  {building}</source>
            <translation>{code}  {building}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="285" />
            <source>meter {serial}, online</source>
            <translation>电表 {serial}，在线</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="286" />
            <source>meter {serial}, offline</source>
            <translation>电表 {serial}，离线</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="287" />
            <source>no electricity meter</source>
            <translation>无电表</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="288" />
            <source>Floor {floor} · {gender} · {taken} of {beds} beds taken · {meter}</source>
            <translation>{floor} 层 · {gender} · 已住 {taken}/{beds} 床 · {meter}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="292" />
            <source>{utility}: {amount}</source>
            <translation>{utility}：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="293" />
            <source>no account</source>
            <translation>无账户</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="303" />
            <source>{name} ({number})</source>
            <translation>{name}（{number}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="304" />
            <source>empty</source>
            <translation>空</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="305" />
            <source>Bed {label}: {who}</source>
            <translation>{label} 号床：{who}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="306" />
            <source>No beds</source>
            <translation>无床位</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="319" />
            <source>Could not load the room: {error}</source>
            <translation>无法加载房间：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="323" />
            <source>Select a room.</source>
            <translation>请选择房间。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="341" />
            <source>Waiting for the meter:</source>
            <translation>等待下发到电表：</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="343" />
            <source>pending</source>
            <translation>待下发</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="344" />
            <source>{amount} ({kind}) {status}, {attempts} attempts, since {when}</source>
            <translation>{amount}（{kind}）{status}，已尝试 {attempts} 次，自 {when} 起</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="353" />
            <source>{when}  {message}</source>
            <translation>{when}  {message}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="372" />
            <source>Daily readings</source>
            <translation>每日抄表</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="378" />
            <source>This room has no account yet; check a student in first.</source>
            <translation>该房间还没有账户，请先办理学生入住。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="379" />
            <source>This room has no account yet.</source>
            <translation>该房间还没有账户。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="380" />
            <source>Every bed of this room is taken.</source>
            <translation>该房间床位已满。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="381" />
            <location filename="../../ui/room_panel.py" line="382" />
            <source>Nobody lives in this room.</source>
            <translation>该房间无人入住。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="386" />
            <source>{action} ({key})</source>
            <translation>{action}（{key}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="402" />
            <source>Acknowledge alarm</source>
            <translation>确认告警</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="402" />
            <source>What was done about it?</source>
            <translation>做了哪些处理？</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="410" />
            <source>Alarm acknowledged.</source>
            <translation>告警已确认。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="450" />
            <source>Now: {power} W incoming at {volts} V</source>
            <translation>当前：总功率 {power} W，电压 {volts} V</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="23" />
            <source>Power policy: {name} (from {source})</source>
            <translation>用电策略：{name}（来自 {source}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="25" />
            <source>Exempt: {reason}</source>
            <translation>豁免：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="26" />
            <source>Exempt from the power policy</source>
            <translation>不受用电策略约束</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="27" />
            <source>No power policy</source>
            <translation>无用电策略</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="35" />
            <source>No change in the next 8 days</source>
            <translation>未来 8 天内无变化</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="39" />
            <source>at {time} today</source>
            <translation>今天 {time}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="39" />
            <source>at {time} tonight</source>
            <translation>今晚 {time}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="40" />
            <source>at {time} on {date}</source>
            <translation>{date} {time}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="40" />
            <source>at {time} tomorrow</source>
            <translation>明天 {time}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="42" />
            <source>{branch} off {when}</source>
            <translation>{branch}将于{when}断电</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="42" />
            <source>{branch} to low-power mode {when}</source>
            <translation>{branch}将于{when}进入低功率模式</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="43" />
            <source>{branch} off for the holiday {when}</source>
            <translation>{branch}将于{when}节假日断电</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="44" />
            <source>{branch} back to normal {when}</source>
            <translation>{branch}将于{when}恢复正常</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="53" />
            <source>Meter: in sync</source>
            <translation>电表：已同步</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="55" />
            <source>Meter: update failed: {reason}</source>
            <translation>电表：更新失败：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="57" />
            <source>Meter: update pending ({reason})</source>
            <translation>电表：等待更新（{reason}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="58" />
            <source>Meter: update pending</source>
            <translation>电表：等待更新</translation>
        </message>
        <message>
            <location filename="../../ui/room_policy_box.py" line="87" />
            <source>Could not load the power policy: {error}</source>
            <translation>无法读取用电策略：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="115" />
            <source>DormWatt — first start</source>
            <translation>DormWatt — 首次启动</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="137" />
            <source>&amp;Skip this step</source>
            <translation>跳过此步(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="141" />
            <location filename="../../ui/setup_wizard.py" line="236" />
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="153" />
            <source>Administrator, school and first line</source>
            <translation>管理员、学校和第一条线路</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="154" />
            <source>This store is empty. Create the administrator and the first RS-485 bus.</source>
            <translation>数据库为空。请创建管理员账号和第一条 RS-485 总线。</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="155" />
            <source>School name</source>
            <translation>学校名称</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="157" />
            <source>Administrator name</source>
            <translation>管理员姓名</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="162" />
            <source>First bus port or gateway</source>
            <translation>第一条总线的串口或网关</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="169" />
            <source>The first building with its rooms and beds, floor by floor. More buildings, other room layouts and imports from Excel are on the Buildings and rooms page.</source>
            <translation>第一栋楼及其房间和床位，按楼层生成。更多楼栋、其他房间布局以及从 Excel 导入，请在“楼栋和房间”页面办理。</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="173" />
            <source>e.g. B1</source>
            <translation>例如 B1</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="177" />
            <source>Rooms per floor</source>
            <translation>每层房间数</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="179" />
            <source>Beds per room</source>
            <translation>每间床位数</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="180" />
            <source>Residents</source>
            <translation>入住性别</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="191" />
            <source>Add a line and scan it</source>
            <translation>添加线路并扫描</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="195" />
            <source>Set tariffs</source>
            <translation>设置价格</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="197" />
            <source>Electricity, CNY per kWh</source>
            <translation>电价（元/千瓦时）</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="199" />
            <source>Water, CNY per m³</source>
            <translation>水价（元/立方米）</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="218" />
            <source>{rooms} rooms ({first} to {last}), {beds} beds</source>
            <translation>{rooms} 个房间（{first} 至 {last}），{beds} 个床位</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="232" />
            <source>Step {n} of {total}</source>
            <translation>第 {n} 步，共 {total} 步</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="235" />
            <source>Finish</source>
            <translation>完成</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="235" />
            <source>Scan after set-up</source>
            <translation>设置结束后扫描</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="238" />
            <source>The line {port} ({baud} baud) is saved. Scanning it for meters and assigning them to rooms is done on the Lines and meters page: it opens when the set-up ends, or skip it for now.</source>
            <translation>线路 {port}（{baud} 波特）已保存。扫描线路上的电表并分配到房间，请在“线路和电表”页面办理：设置结束后将打开该页面，也可以暂时跳过。</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="243" />
            <source>The unit prices the meters charge, in force from today, {day}. Later changes, with their dates, are on the Tariffs and money settings page.</source>
            <translation>电表计费的单价，自今天（{day}）起生效。以后的调整及其生效日期，请在“价格和资金设置”页面办理。</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Clerk</source>
            <translation>收费员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Technician</source>
            <translation>技术员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="101" />
            <source>Lines: …</source>
            <translation>线路：…</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="102" />
            <source>Click for each line's figures</source>
            <translation>点击查看每条线路的数据</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="109" />
            <source>{name} · {role}</source>
            <translation>{name} · {role}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="115" />
            <source>Shift: …</source>
            <translation>班次：…</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="179" />
            <source>No lines set up</source>
            <translation>尚未设置线路</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="181" />
            <source>Meters not connected: no meter service runs {n} line(s)</source>
            <translation>电表未连接：{n} 条线路无电表服务运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="182" />
            <source>{n} line(s) run by {owner}</source>
            <translation>{n} 条线路由 {owner} 运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="184" />
            <source>{n} not run</source>
            <translation>{n} 条未运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="195" />
            <source>{up}/{lines} lines · {online}/{total} meters online</source>
            <translation>线路 {up}/{lines} · 电表在线 {online}/{total}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="219" />
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="220" />
            <source>{online}/{total}</source>
            <translation>{online}/{total}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="232" />
            <source>{bus}: port closed</source>
            <translation>{bus}：端口已关闭</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="233" />
            <source>{bus}: {online}/{total} online · {errors} err/min · wire {busy}%</source>
            <translation>{bus}：在线 {online}/{total} · 错误 {errors} 次/分 · 线路占用 {busy}%</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="253" />
            <source>Could not read the bus counters: {error}</source>
            <translation>无法读取总线统计：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="277" />
            <source>No open shift</source>
            <translation>未开班</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="278" />
            <source>Open a shift before taking money at the counter</source>
            <translation>收款前请先开班</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="282" />
            <source>Shift open since {time}</source>
            <translation>班次自 {time} 起</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="283" />
            <source>Close the shift: count the cash and print the shift report</source>
            <translation>交班：清点现金并打印交班报表</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="291" />
            <source>Shift: unknown</source>
            <translation>班次：未知</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Enrolled</source>
            <translation>在校</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Graduated</source>
            <translation>已毕业</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Left the school</source>
            <translation>已离校</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="61" />
            <source>lives in {room}</source>
            <translation>住在 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="63" />
            <source>checked out of {room}</source>
            <translation>已从 {room} 退宿</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="65" />
            <source>never checked in</source>
            <translation>从未入住</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="76" />
            <source>Student history</source>
            <translation>学生记录</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="84" />
            <source>Student number, name or initials</source>
            <translation>学号、姓名或拼音首字母</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="105" />
            <source>Find a student on the left.</source>
            <translation>请在左侧查找学生。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="119" />
            <source>now</source>
            <translation>至今</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="129" />
            <source>voided</source>
            <translation>已作废</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="144" />
            <source>Refundable</source>
            <translation>可退</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="145" />
            <source>Owed</source>
            <translation>欠费</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Rooms lived in</source>
            <translation>住宿经历</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Payments</source>
            <translation>缴费</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Refunds</source>
            <translation>退款</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Settlements</source>
            <translation>结算</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="153" />
            <source>Print settlement statement</source>
            <translation>打印结算单</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="200" />
            <source>No student matches “{text}”.</source>
            <translation>没有与“{text}”相符的学生。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="224" />
            <source>Lives in {room}.</source>
            <translation>住在 {room}。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="226" />
            <source>Checked out of {room} on {day}.</source>
            <translation>已于 {day} 从 {room} 退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="229" />
            <source>Never checked in.</source>
            <translation>从未入住。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="238" />
            <source>{title} ({count})</source>
            <translation>{title}（{count}）</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="250" />
            <source>Settlement statement {id}</source>
            <translation>结算单 {id}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Void</source>
            <translation>作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="55" />
            <source>Transactions</source>
            <translation>收支明细</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="61" />
            <source>Receipt number, student or room (e.g. B1-101); Enter searches</source>
            <translation>收据号、学生或房间（如 B1-101）；按回车搜索</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Voided</source>
            <translation>作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="90" />
            <source>Void…</source>
            <translation>作废…</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="123" />
            <source>voided by {number}</source>
            <translation>已被 {number} 作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="125" />
            <source>voids {number}</source>
            <translation>作废 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="135" />
            <source>Today's takings</source>
            <translation>今日收款</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="135" />
            <source>Found</source>
            <translation>搜索结果</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="136" />
            <source>{what}: {count} receipts · in {taken_in} · out {paid_out} · net {net}</source>
            <translation>{what}：{count} 张收据 · 收入 {taken_in} · 支出 {paid_out} · 净额 {net}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="179" />
            <source>Void receipt {number}</source>
            <translation>作废收据 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="183" />
            <source>{kind} {number} · {room} · {student} · {amount}</source>
            <translation>{kind} {number} · {room} · {student} · {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="188" />
            <source>Still in the room</source>
            <translation>房间尚余</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="193" />
            <source>Void the recharge</source>
            <translation>作废此笔充值</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="210" />
            <source>{amount} of {total} ({utility})</source>
            <translation>{total} 中尚余 {amount}（{utility}）</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="217" />
            <source>Say why the recharge is voided: it is printed on the void receipt.</source>
            <translation>请填写作废原因：原因会打印在作废凭证上。</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="262" />
            <source>Waiting for the meter to give the {amount} back; the void receipt prints then.</source>
            <translation>正在等待电表退回 {amount}；退回后打印作废收据。</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="265" />
            <source>Not voided: {reason}</source>
            <translation>未作废：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="266" />
            <source>Voided: receipt {number}.</source>
            <translation>已作废：收据 {number}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Switched on</source>
            <translation>合闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Switched off</source>
            <translation>拉闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Illegal appliance trip</source>
            <translation>恶性负载跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Over-power trip</source>
            <translation>超功率跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Standby (air conditioner) trip</source>
            <translation>空调待机跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Lights-off low-power trip</source>
            <translation>熄灯后超限跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Prepaid trip</source>
            <translation>欠费跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Prepaid restore</source>
            <translation>充值后恢复供电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Forced control changed</source>
            <translation>强制控制变更</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Purchase accepted</source>
            <translation>充值已写入电表</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Power down</source>
            <translation>掉电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Power up</source>
            <translation>上电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Lockout</source>
            <translation>锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Trips reset</source>
            <translation>跳闸复位</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Unlock blocked</source>
            <translation>解锁被阻止</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Parameters changed</source>
            <translation>参数已修改</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Clock moved</source>
            <translation>时钟已调整</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="143" />
            <source>Recovery</source>
            <translation>故障恢复</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="155" />
            <source>Free energy</source>
            <translation>免费电量</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="155" />
            <source>Set balance</source>
            <translation>设置余额</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="155" />
            <source>Clear free energy</source>
            <translation>清零免费电量</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="81" />
            <source>Lights-off</source>
            <translation>熄灯</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="81" />
            <source>Low-power mode</source>
            <translation>低功率模式</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="81" />
            <source>Holiday power-off</source>
            <translation>节假日断电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="81" />
            <source>AC unplugged — tripped</source>
            <translation>空调拔出——已跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="81" />
            <source>Low-power limit exceeded — tripped</source>
            <translation>超出低功率限值——已跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Balance about to run out</source>
            <translation>余额即将用尽</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter offline</source>
            <translation>电表离线</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Valve fault</source>
            <translation>阀门故障</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Ledger and meter disagree</source>
            <translation>账务与表内余额不符</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Reading needs review</source>
            <translation>读数待核查</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter refused a credit</source>
            <translation>电表拒绝充值下发</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Illegal appliance tripped</source>
            <translation>恶性负载跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Illegal appliance switched off by DormWatt</source>
            <translation>违规电器已被系统断电</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Allowed appliance tripped</source>
            <translation>白名单电器被跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Unknown appliance</source>
            <translation>未知电器</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Air conditioner unplugged</source>
            <translation>空调待机断电</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Low-power limit trip</source>
            <translation>熄灯后超限跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Branch locked out</source>
            <translation>回路已锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter password blocked</source>
            <translation>电表密码已锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Wrong meter password</source>
            <translation>电表密码错误</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Power used in an empty room</source>
            <translation>空置房间用电</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Use jumped against the room's usual</source>
            <translation>用电量较平时骤增</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Daily backup failed</source>
            <translation>每日备份失败</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="36" />
            <source>Paid in minus share of consumption</source>
            <translation>实缴金额减去分摊用量</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="36" />
            <source>Balance split equally among the occupants</source>
            <translation>余额由在住学生平均分配</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>The school and its administrator</source>
            <translation>学校及其管理员</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>Buildings, rooms and beds</source>
            <translation>楼栋、房间和床位</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>An RS-485 line</source>
            <translation>一条 RS-485 线路</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>Meters assigned to the rooms</source>
            <translation>电表和水表已分配到房间</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>Electricity and water prices</source>
            <translation>电价和水价</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>Payment methods the counter accepts</source>
            <translation>柜台接受的支付方式</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>Students registered</source>
            <translation>已登记学生</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>An operator for the counter (clerk)</source>
            <translation>柜台操作员（收费员）</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="47" />
            <source>A first recharge delivered to a meter</source>
            <translation>第一笔充值已下发到电表</translation>
        </message>
    </context>
    <context>
        <name>DormWattMessages</name>
        <message>
            <location filename="../../app/access.py" line="129" />
            <source>The operator “{0}” no longer exists: log in again.</source>
            <translation>操作员“{0}”已不存在：请重新登录。</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="132" />
            <source>The operator “{0}” has been deactivated: log in again as an active operator.</source>
            <translation>操作员“{0}”已被停用：请以在用的操作员重新登录。</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="140" />
            <location filename="../../app/access.py" line="148" />
            <source>unknown permission {0}</source>
            <translation>未知权限 {0}</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="153" />
            <source>{0} ({1}) may not do this: it needs the {2} role.</source>
            <translation>{0}（{1}）无权执行此操作：需要{2}角色。</translation>
        </message>
        <message>
            <location filename="../../app/batch/checkout.py" line="202" />
            <source>Choose the students to check out as a selection.</source>
            <translation>请以选择范围的方式指定要退宿的学生。</translation>
        </message>
        <message>
            <location filename="../../app/batch/checkout.py" line="204" />
            <source>Choose a building, floor, college, class, rooms or students to check out; the whole campus is never checked out at once.</source>
            <translation>请选择要退宿的楼栋、楼层、学院、班级、房间或学生；不会一次为全校办理退宿。</translation>
        </message>
        <message>
            <location filename="../../app/batch/checkout.py" line="259" />
            <source>Open a shift before the batch check-out: its refunds are paid out at the counter.</source>
            <translation>批量退宿前请先开班：退宿的退款在柜台支付。</translation>
        </message>
        <message>
            <location filename="../../app/batch/checkout.py" line="440" />
            <source>A summary is written from a check-out plan or run.</source>
            <translation>汇总表须由退宿试算或办理结果生成。</translation>
        </message>
        <message>
            <location filename="../../app/batch/checkout.py" line="492" />
            <location filename="../../app/batch/checkout.py" line="499" />
            <location filename="../../app/files/export.py" line="68" />
            <location filename="../../app/files/export.py" line="75" />
            <location filename="../../app/reports/xlsx.py" line="354" />
            <location filename="../../app/reports/xlsx.py" line="361" />
            <source>Cannot write “{0}”: {1}.</source>
            <translation>无法写入“{0}”：{1}。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="241" />
            <source>The student number is empty.</source>
            <translation>学号为空。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="244" />
            <source>The student {0} is also on row {1}; list each student once.</source>
            <translation>学生 {0} 也出现在第 {1} 行；每名学生只列一次。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="250" />
            <source>There is no student with number {0}.</source>
            <translation>没有学号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="259" />
            <source>{0} has status “{1}” and cannot move.</source>
            <translation>{0} 的状态为“{1}”，不能调宿。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="261" />
            <source>{0} is not checked in anywhere, so there is nothing to move; check them in instead.</source>
            <translation>{0} 未入住任何房间，无从调宿；请改为办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="264" />
            <source>{0} moved into {1} on {2}, after the time of this exchange.</source>
            <translation>{0} 于 {2} 入住 {1}，晚于本次调宿的时间。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="268" />
            <location filename="../../app/metering/commissioning.py" line="277" />
            <source>There is no room “{0}”.</source>
            <translation>没有房间“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="269" />
            <source>The target room is empty.</source>
            <translation>目标房间是空的。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="273" />
            <location filename="../../app/campus/occupancy.py" line="91" />
            <location filename="../../app/campus/occupancy.py" line="198" />
            <location filename="../../app/imports/roster.py" line="184" />
            <location filename="../../app/imports/roster.py" line="399" />
            <source>{0} is a {1} room; {2} is {3}.</source>
            <translation>{0} 是{1}生宿舍；{2} 是{3}生。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="276" />
            <location filename="../../app/campus/occupancy.py" line="170" />
            <source>{0} already lives in {1}, bed {2}.</source>
            <translation>{0} 已住在 {1} 的 {2} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="302" />
            <location filename="../../app/campus/occupancy.py" line="98" />
            <source>{0} has no bed {1}.</source>
            <translation>{0} 没有 {1} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="307" />
            <source>Bed {0} of {1} is taken by {2}, who is not part of this exchange.</source>
            <translation>{1} 的 {0} 号床位由 {2} 占用，此人不在本次调宿之列。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="311" />
            <source>Bed {0} of {1} is also given to {2} on row {3}; one bed cannot take two students.</source>
            <translation>{1} 的 {0} 号床位在第 {3} 行也分给了 {2}；一个床位不能住两名学生。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="323" />
            <source>{0} has no free bed left for {1} after this exchange ({2} beds: {3} kept by students who stay, {4} given on rows {5}).</source>
            <translation>本次调宿后 {0} 没有空床位给 {1}（共 {2} 个床位：{3} 个由留住学生占用，{4} 个分给了第 {5} 行）。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="357" />
            <source>Their share of {0} cannot be settled: {1}</source>
            <translation>其在 {0} 的分摊无法结算：{1}</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="396" />
            <source>An exchange needs an idempotency key of 1 to {0} characters.</source>
            <translation>调宿需要 1 至 {0} 个字符的幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="421" />
            <source>The key {0} was already used for a different exchange; nothing was changed.</source>
            <translation>键 {0} 已用于另一次调宿；未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/batch/exchange.py" line="468" />
            <source>The exchange lists nobody to move.</source>
            <translation>调宿清单中没有要调宿的学生。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="219" />
            <source>Rooms are given by their numbers (ids).</source>
            <translation>房间须以编号（id）给出。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="270" />
            <source>A batch needs a key, so that running it again does nothing twice.</source>
            <translation>批量操作需要一个键，以免重复执行时重复办理。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="272" />
            <source>A batch key has at most {0} characters and no spaces around it.</source>
            <translation>批量操作的键最多 {0} 个字符，且首尾不能有空格。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="278" />
            <source>This is not a plan for {0}; make the dry run first.</source>
            <translation>这不是“{0}”的试算结果；请先试算。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="335" />
            <source>The batch key {0} was already used for a different command on this room; nothing was sent. Use a new key.</source>
            <translation>批次号 {0} 已用于该房间的另一条命令，本次未发送。请使用新的批次号。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="354" />
            <source>Choose a branch (lighting, sockets or air conditioning) and what to do with it.</source>
            <translation>请选择支路（照明、插座或空调）以及要执行的操作。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="365" />
            <source>The {0} branch is already forced off.</source>
            <translation>{0}支路已处于强制断电状态。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="366" />
            <source>The {0} branch is already kept on.</source>
            <translation>{0}支路已处于保电状态。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="367" />
            <source>The {0} branch already follows the meter's own rules.</source>
            <translation>{0}支路已按电表自身规则运行。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="370" />
            <source>Power off the {0} branch.</source>
            <translation>断开{0}支路。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="371" />
            <source>Give the {0} branch back to the meter's own rules.</source>
            <translation>将{0}支路交还电表自身规则控制。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="373" />
            <source>Keep the {0} branch on whatever happens.</source>
            <translation>无论如何保持{0}支路通电。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="395" />
            <source>Say whether the linkage lock is to be set or released.</source>
            <translation>请说明是设置还是解除水电联动锁。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="402" />
            <source>The linkage lock is already set.</source>
            <translation>水电联动锁已设置。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="403" />
            <source>The linkage lock is already released.</source>
            <translation>水电联动锁已解除。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="404" />
            <source>Set the linkage lock.</source>
            <translation>设置水电联动锁。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="404" />
            <source>Release the linkage lock.</source>
            <translation>解除水电联动锁。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="429" />
            <source>No electricity tariff is in force: there is no price to write to the meters.</source>
            <translation>当前没有生效的电价，无法向电表写入电价。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="436" />
            <source>Write the price {0} CNY/kWh and the prepaid settings to the meter.</source>
            <translation>向电表写入电价 {0} 元/千瓦时及预付费参数。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="465" />
            <source>A subsidy goes to the electricity or the water account.</source>
            <translation>补贴须发放到电费或水费账户。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="467" />
            <source>Give the subsidy as an amount of money.</source>
            <translation>请以金额给出补贴。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="476" />
            <location filename="../../app/counter/payments.py" line="284" />
            <source>This room has no electricity meter; the money could not reach the room.</source>
            <translation>该房间没有电表；款项无法充入房间。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="478" />
            <source>Subsidy of {0} to the {1} account.</source>
            <translation>向{1}账户发放补贴 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="490" />
            <source>This room has no electricity meter; the money could not reach the room. Nothing was posted.</source>
            <translation>该房间没有电表，钱款无法到达该房间。未记账。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="552" />
            <location filename="../../app/batch/operations.py" line="594" />
            <source>Free quota is granted on electricity or on water.</source>
            <translation>免费额度只能发放到电或水。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="554" />
            <source>parse_free_quota takes text, not {0}</source>
            <translation>parse_free_quota 需要文本，而不是 {0}</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="561" />
            <source>Enter the free quota per room.</source>
            <translation>请输入每间房的免费额度。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="564" />
            <source>“{0}” is not an amount of energy: type the kWh as digits with an optional decimal point and at most two decimals, such as 12.5.</source>
            <translation>“{0}”不是电量：请用数字输入千瓦时，可带小数点，最多两位小数，例如 12.5。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="566" />
            <source>“{0}” is not a number of litres: type whole litres as digits, such as 500.</source>
            <translation>“{0}”不是升数：请用数字输入整升数，例如 500。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="570" />
            <source>“{0}” has more than two decimals; the meter counts 0.01 kWh.</source>
            <translation>“{0}”超过两位小数；电表以 0.01 千瓦时计量。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="571" />
            <source>“{0}” is not a whole number of litres.</source>
            <translation>“{0}”不是整升数。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="573" />
            <location filename="../../app/batch/operations.py" line="598" />
            <source>The free quota must be more than zero.</source>
            <translation>免费额度必须大于零。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="575" />
            <location filename="../../app/metering/quota.py" line="272" />
            <source>“{0}” is more than any room could use.</source>
            <translation>“{0}”超过任何房间可能的用量。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="596" />
            <source>Give the free quota in 0.01 kWh or in litres, as a whole number (see parse_free_quota).</source>
            <translation>免费额度须以 0.01 千瓦时或升为单位的整数给出（见 parse_free_quota）。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="600" />
            <source>That is more free quota than any room could use.</source>
            <translation>这个免费额度超出任何房间可能的用量。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="611" />
            <source>No water tariff is in force: the litres have no worth to grant.</source>
            <translation>当前没有生效的水价：这些升数无法折算金额发放。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="613" />
            <source>{0} is worth less than 0.01 CNY at the water tariff in force; nothing would be granted.</source>
            <translation>按当前水价，{0} 不足 0.01 元；不会发放任何额度。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="625" />
            <source>Free quota of {0}, as free energy on the meter.</source>
            <translation>免费额度 {0}，作为电表上的免费电量。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="632" />
            <source>Free quota of {0}, worth {1} at {2} CNY/m³, to the water account.</source>
            <translation>免费额度 {0}，按 {2} 元/立方米折合 {1}，计入水费账户。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="651" />
            <source>This is not a plan for free quota; make the dry run first.</source>
            <translation>这不是免费额度的计划；请先试运行。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="672" />
            <source>The batch key {0} was already used for a different free quota on this room; nothing was granted. Use a new key.</source>
            <translation>批次号 {0} 已用于此房间的另一笔免费额度；未发放任何额度。请使用新的批次号。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="683" />
            <source>This room has no electricity meter; nothing was granted.</source>
            <translation>此房间没有电表；未发放任何额度。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="47" />
            <source>The selection's {0} must be a list, not one value.</source>
            <translation>选择范围的 {0} 必须是列表，而不是单个值。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="51" />
            <source>The selection's {0} must be whole numbers.</source>
            <translation>选择范围的 {0} 必须是整数。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="55" />
            <source>The selection's {0} contain an empty value.</source>
            <translation>选择范围的 {0} 含有空值。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="58" />
            <source>The selection's import must be given by its number.</source>
            <translation>选择范围中的导入须以其编号给出。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="75" />
            <source>There is no building “{0}”.</source>
            <translation>没有楼栋“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/batch/selection.py" line="98" />
            <location filename="../../app/imports/engine.py" line="251" />
            <source>There is no import {0}.</source>
            <translation>没有导入任务 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="121" />
            <location filename="../../app/campus/campus_admin.py" line="213" />
            <location filename="../../app/policies/policies.py" line="179" />
            <location filename="../../app/reports/data.py" line="359" />
            <source>There is no building {0}.</source>
            <translation>不存在楼栋 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="128" />
            <location filename="../../app/campus/campus_admin.py" line="441" />
            <location filename="../../app/campus/campus_admin.py" line="479" />
            <location filename="../../app/campus/occupancy.py" line="69" />
            <location filename="../../app/campus/room_view.py" line="235" />
            <location filename="../../app/loads/profiles.py" line="280" />
            <location filename="../../app/policies/policies.py" line="322" />
            <source>No room with id {0}.</source>
            <translation>没有编号为 {0} 的房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="150" />
            <source>A building code is 1 to 16 letters or digits (no spaces or dashes), e.g. B1.</source>
            <translation>楼栋编号为 1 到 16 个字母或数字（不含空格和连字符），例如 B1。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="158" />
            <source>A building name is 1 to 64 characters long.</source>
            <translation>楼栋名称为 1 到 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="164" />
            <source>The gender policy is M (men only), F (women only) or mixed.</source>
            <translation>入住对象为 M（仅男生）、F（仅女生）或 mixed（男女混住）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="171" />
            <source>The number of floors is a whole number from 1 to {0}.</source>
            <translation>楼层数为 1 到 {0} 的整数。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="178" />
            <source>A room number is 1 to 16 letters, digits or dashes, e.g. 101.</source>
            <translation>房间号为 1 到 16 个字母、数字或连字符，例如 101。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="185" />
            <source>A room has 1 to {0} beds.</source>
            <translation>每个房间有 1 到 {0} 个床位。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="192" />
            <location filename="../../app/campus/campus_admin.py" line="759" />
            <source>{0} has {1} floor(s): a room's floor is 1 to {2} (give the building more floors first).</source>
            <translation>{0} 共 {1} 层：房间楼层为 1 到 {2}（请先增加楼栋的楼层数）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="201" />
            <location filename="../../app/campus/campus_admin.py" line="728" />
            <location filename="../../app/campus/campus_admin.py" line="762" />
            <source>A room is for men (M) or for women (F).</source>
            <translation>房间为男生（M）或女生（F）房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="203" />
            <location filename="../../app/campus/campus_admin.py" line="765" />
            <source>{0} is a single-gender building ({1}): its rooms are all {2}.</source>
            <translation>{0} 是单一性别楼栋（{1}）：其房间都必须为 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="223" />
            <location filename="../../app/campus/campus_admin.py" line="239" />
            <source>There is already a building {0}.</source>
            <translation>楼栋 {0} 已存在。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="266" />
            <source>{0} has {1} room(s) not for {2} ({3}): change those rooms first.</source>
            <translation>{0} 有 {1} 个房间不是 {2} 房间（{3}）：请先修改这些房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="273" />
            <source>{0} has rooms on floor {1}: it needs at least {2} floors.</source>
            <translation>{0} 在第 {1} 层有房间：楼层数至少为 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="339" />
            <source>{0} cannot be deleted: students live in room(s) {1} now.</source>
            <translation>{0} 不能删除：房间 {1} 目前有学生入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="342" />
            <source>{0} cannot be deleted: room(s) {1} have history (stays, money or meters), kept for the records.</source>
            <translation>{0} 不能删除：房间 {1} 有历史记录（入住、资金或表计），须保留备查。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="346" />
            <source>{0} cannot be deleted: {1} refer to it.</source>
            <translation>{0} 不能删除：{1} 引用了它。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="374" />
            <location filename="../../app/campus/campus_admin.py" line="399" />
            <location filename="../../app/campus/campus_admin.py" line="467" />
            <source>Room {0}-{1} already exists.</source>
            <translation>房间 {0}-{1} 已存在。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="420" />
            <source>{0} has {1} bed(s) in use: it cannot have fewer than {2} beds.</source>
            <translation>{0} 有 {1} 个床位正在使用：床位数不能少于 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="426" />
            <source>{0} cannot have fewer than {1} beds: {2} of its beds have past stays, kept as the students' history.</source>
            <translation>{0} 的床位数不能少于 {1}：其中 {2} 个床位有过入住记录，作为学生的历史保留。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="457" />
            <source>{0}-{1} has {2} student(s) living in it: its gender cannot change now.</source>
            <translation>{0}-{1} 有 {2} 名学生入住：现在不能更改其性别。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="483" />
            <source>{0} cannot be deleted: students live there now.</source>
            <translation>{0} 不能删除：目前有学生入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="485" />
            <source>{0} cannot be deleted: students have stayed there; their stays are kept as history.</source>
            <translation>{0} 不能删除：曾有学生入住，其入住记录作为历史保留。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="487" />
            <source>{0} cannot be deleted: it has money accounts or purchases, kept as history.</source>
            <translation>{0} 不能删除：它有资金账户或购电记录，作为历史保留。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="489" />
            <source>{0} cannot be deleted: meters have been assigned to it; their history is kept.</source>
            <translation>{0} 不能删除：曾为其分配表计，表计历史须保留。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="491" />
            <source>{0} cannot be deleted: other records refer to it ({1}).</source>
            <translation>{0} 不能删除：其他记录引用了它（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="543" />
            <source>The last floor cannot be below the first.</source>
            <translation>结束楼层不能低于起始楼层。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="546" />
            <location filename="../../app/campus/campus_admin.py" line="548" />
            <source>Rooms on a floor are numbered 1 to {0}.</source>
            <translation>每层房间序号为 1 到 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="550" />
            <source>The last room number cannot be below the first.</source>
            <translation>结束房间序号不能小于起始序号。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="646" />
            <source>{0} has no header row with the columns building code, room number, floor and beds (and building name, gender).</source>
            <translation>{0} 没有包含楼栋编号、房间号、楼层和床位数（以及楼栋名称、性别）列的表头行。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="657" />
            <source>Preview the layout file before importing it.</source>
            <translation>请先预览楼栋房间表，再导入。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="661" />
            <source>The campus changed since {0} was previewed; nothing was imported. Preview the file again.</source>
            <translation>预览 {0} 之后楼栋房间已有变动；未导入任何内容。请重新预览该文件。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="723" />
            <source>A floor is a whole number from 1 to {0}.</source>
            <translation>楼层为 1 到 {0} 的整数。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="750" />
            <source>Building {0} is called “{1}” in the store; the file says “{2}”.</source>
            <translation>楼栋 {0} 在系统中名为“{1}”；文件中为“{2}”。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="753" />
            <source>Building {0} is new: give its name in the building name column.</source>
            <translation>楼栋 {0} 是新楼栋：请在楼栋名称列填写名称。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="756" />
            <source>Building {0} is called “{1}” in an earlier row.</source>
            <translation>楼栋 {0} 在前面的行中名为“{1}”。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="768" />
            <source>Room {0}-{1} is also in row {2}.</source>
            <translation>房间 {0}-{1} 在第 {2} 行中也出现了。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_admin.py" line="781" />
            <source>Room {0}-{1} already exists with floor {2}, {3} beds, gender {4}; change it on the rooms page instead.</source>
            <translation>房间 {0}-{1} 已存在（楼层 {2}，{3} 个床位，性别 {4}）；请在房间页面修改。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="16" />
            <source>Enter the school's name.</source>
            <translation>请输入学校名称。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="18" />
            <source>Enter the first bus: a serial port or a gateway address.</source>
            <translation>请填写第一条总线：串口或网关地址。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="20" />
            <location filename="../../app/metering/commissioning.py" line="143" />
            <location filename="../../app/metering/line_speed.py" line="161" />
            <source>The baud rate is one of 2400, 4800, 9600 or 19200.</source>
            <translation>波特率只能是 2400、4800、9600 或 19200。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="45" />
            <source>Enter the building's code.</source>
            <translation>请输入楼栋编号。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="47" />
            <source>A building code has at most 16 characters.</source>
            <translation>楼栋编号最多 16 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="49" />
            <source>Enter the building's name.</source>
            <translation>请输入楼栋名称。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="51" />
            <source>A building name has at most 64 characters.</source>
            <translation>楼栋名称最多 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="55" />
            <source>Enter a whole number from 1 to {0}.</source>
            <translation>请输入 1 到 {0} 之间的整数。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="57" />
            <source>Choose whether the building is for men or for women.</source>
            <translation>请选择楼栋为男生楼还是女生楼。</translation>
        </message>
        <message>
            <location filename="../../app/campus/first_building.py" line="60" />
            <source>A building with the code “{0}” already exists.</source>
            <translation>编号为“{0}”的楼栋已存在。</translation>
        </message>
        <message>
            <location filename="../../app/campus/history.py" line="175" />
            <source>There is no student with id {0}.</source>
            <translation>没有编号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="62" />
            <location filename="../../app/campus/students.py" line="99" />
            <location filename="../../app/campus/students.py" line="232" />
            <location filename="../../app/counter/payments.py" line="279" />
            <location filename="../../app/counter/payments.py" line="450" />
            <source>No student with id {0}.</source>
            <translation>没有编号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="100" />
            <location filename="../../app/imports/roster.py" line="402" />
            <source>Bed {0} of {1} is already taken.</source>
            <translation>{1} 的 {0} 号床已有人入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="104" />
            <source>{0} is full ({1} of {2} beds taken).</source>
            <translation>{0} 已住满（{2} 张床位已占 {1} 张）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="120" />
            <source>Bed {0} of {1} was just taken at another workstation.</source>
            <translation>{1} 的 {0} 号床刚刚在另一台工作站被占用。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="146" />
            <source>{0} is already checked in to {1}, bed {2}.</source>
            <translation>{0} 已入住 {1} 的 {2} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="148" />
            <source>{0} has status “{1}” and cannot be checked in.</source>
            <translation>{0} 的状态为“{1}”，不能办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="167" />
            <location filename="../../app/campus/occupancy.py" line="193" />
            <location filename="../../app/campus/occupancy.py" line="218" />
            <source>{0} is not checked in anywhere.</source>
            <translation>{0} 未在任何房间入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="186" />
            <source>Choose two different students to swap.</source>
            <translation>请选择两名不同的学生进行调换。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="258" />
            <source>No student with number {0}.</source>
            <translation>没有学号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="99" />
            <source>The counter accepts no payment method.</source>
            <translation>柜台没有可用的支付方式。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="101" />
            <source>No student is registered yet.</source>
            <translation>尚未登记任何学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="104" />
            <source>No active operator has the clerk role.</source>
            <translation>没有在职的收费员。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="108" />
            <source>No recharge has reached a meter yet.</source>
            <translation>尚无充值下发到电表。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="126" />
            <source>“{0}” is not a step of the set-up.</source>
            <translation>“{0}”不是设置中的步骤。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="140" />
            <source>Enter a price.</source>
            <translation>请输入价格。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="156" />
            <source>No active administrator.</source>
            <translation>没有在职的管理员。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="157" />
            <source>The school has no name.</source>
            <translation>学校尚未命名。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="162" />
            <source>No building yet.</source>
            <translation>尚无楼栋。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="164" />
            <source>No building has rooms yet.</source>
            <translation>楼栋中尚无房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="166" />
            <source>{0} rooms have no beds.</source>
            <translation>{0} 个房间没有床位。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="176" />
            <source>Add rooms first, then assign their meters.</source>
            <translation>请先添加房间，再分配电表和水表。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="179" />
            <source>{0} rooms have no electricity meter and {1} no water meter.</source>
            <translation>{0} 个房间没有电表，{1} 个房间没有水表。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="182" />
            <source>{0} rooms have no electricity meter.</source>
            <translation>{0} 个房间没有电表。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="183" />
            <source>{0} rooms have no water meter.</source>
            <translation>{0} 个房间没有水表。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="198" />
            <source>The line is added but not enabled yet: scan it, assign its meters to rooms, then enable it.</source>
            <translation>线路已添加但尚未启用：请先扫描线路、把电表分配到房间，然后启用。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="200" />
            <source>No RS-485 line is added yet.</source>
            <translation>尚未添加 RS-485 线路。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="206" />
            <source>No electricity or water price is in force today.</source>
            <translation>今天没有生效的电价和水价。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="208" />
            <source>No electricity price is in force today.</source>
            <translation>今天没有生效的电价。</translation>
        </message>
        <message>
            <location filename="../../app/campus/setup_progress.py" line="209" />
            <source>No water price is in force today.</source>
            <translation>今天没有生效的水价。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="62" />
            <source>Enter the student number.</source>
            <translation>请输入学号。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="64" />
            <source>A student number has only letters and digits.</source>
            <translation>学号只能包含字母和数字。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="66" />
            <source>Enter the student's name.</source>
            <translation>请输入学生姓名。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="68" />
            <source>Choose the student's gender: M or F.</source>
            <translation>请选择学生性别：男或女。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="70" />
            <source>Enter the student's college.</source>
            <translation>请输入学生所在学院。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="72" />
            <source>Enter the student's class.</source>
            <translation>请输入学生所在班级。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="74" />
            <source>A phone number has digits only (spaces, dashes and a leading + allowed).</source>
            <translation>电话号码只能包含数字（可含空格、连字符及开头的 +）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="78" />
            <source>This is too long: at most {0} characters.</source>
            <translation>内容过长：最多 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="88" />
            <source>The student number {0} is already registered.</source>
            <translation>学号 {0} 已登记。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="130" />
            <source>The student lives in a room for the other gender: move them first.</source>
            <translation>该学生住在异性房间：请先为其调换房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="147" />
            <source>A student's status is active, graduated or left.</source>
            <translation>学生状态只能是在校、毕业或离校。</translation>
        </message>
        <message>
            <location filename="../../app/campus/students.py" line="153" />
            <source>{0} ({1}) still lives in a room: check them out before deactivating.</source>
            <translation>{0}（{1}）仍在住宿：请先办理退宿再停用。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="87" />
            <source>DormWatt cannot back up a {0} store.</source>
            <translation>DormWatt 无法备份 {0} 数据库。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="89" />
            <source>The store at {0} is empty (no DormWatt schema): there is nothing to back up.</source>
            <translation>数据库 {0} 为空（无 DormWatt 结构）：没有可备份的内容。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="92" />
            <location filename="../../app/care/backup_files.py" line="45" />
            <location filename="../../app/care/backup_schedule.py" line="77" />
            <source>Keep at least one backup.</source>
            <translation>至少保留一份备份。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="104" />
            <source>Cannot write a backup in {0}: {1}. Choose a folder DormWatt may write to.</source>
            <translation>无法在 {0} 中写入备份：{1}。请选择 DormWatt 有写入权限的文件夹。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="137" />
            <source>Could not copy the store to {0}: {1}.</source>
            <translation>无法将数据库复制到 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="151" />
            <source>{0} is not a database URL.</source>
            <translation>{0} 不是数据库地址。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="155" />
            <source>{0} is a backup of a {1} store; it restores only onto a {2} store, not onto {3}.</source>
            <translation>{0} 是 {1} 数据库的备份；只能恢复到 {2} 数据库，不能恢复到 {3}。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="159" />
            <source>{0} was made by a newer version of DormWatt (schema {1}; this version knows up to {2}): restore it with that version.</source>
            <translation>{0} 由更新版本的 DormWatt 生成（结构 {1}；本版本最高支持 {2}）：请使用该版本恢复。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="170" />
            <source>There is no backup file at {0}.</source>
            <translation>{0} 处没有备份文件。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="177" />
            <source>{0} is not a DormWatt backup (neither a SQLite store nor a pg_dump archive).</source>
            <translation>{0} 不是 DormWatt 备份（既不是 SQLite 数据库，也不是 pg_dump 归档）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="189" />
            <source>{0} is damaged ({1}); it cannot be restored.</source>
            <translation>{0} 已损坏（{1}），无法恢复。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="192" />
            <source>{0} is not a DormWatt backup (a SQLite file without DormWatt's tables).</source>
            <translation>{0} 不是 DormWatt 备份（是不含 DormWatt 数据表的 SQLite 文件）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="195" />
            <source>{0} is not a DormWatt backup ({1}).</source>
            <translation>{0} 不是 DormWatt 备份（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="199" />
            <location filename="../../app/care/backup.py" line="209" />
            <source>{0} is not a DormWatt backup (its schema has no version).</source>
            <translation>{0} 不是 DormWatt 备份（其结构没有版本号）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="206" />
            <source>{0} is not a DormWatt backup (a pg_dump archive without DormWatt's tables).</source>
            <translation>{0} 不是 DormWatt 备份（是不含 DormWatt 数据表的 pg_dump 归档）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="221" />
            <source>The database at {0} holds tables that are not a DormWatt store ({1}); a backup is restored only onto an empty store. Nothing was changed.</source>
            <translation>数据库 {0} 中有不属于 DormWatt 的数据表（{1}）；备份只能恢复到空数据库。未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="225" />
            <source>The store at {0} was migrated by a newer version of DormWatt (schema {1}); a backup is restored only onto an empty store. Nothing was changed.</source>
            <translation>数据库 {0} 已被更新版本的 DormWatt 升级（结构 {1}）；备份只能恢复到空数据库。未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="237" />
            <source>Cannot open the store at {0}: {1}.</source>
            <translation>无法打开数据库 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="242" />
            <source>The store at {0} is not empty: it holds {1}. A backup is restored only onto an empty store (a new SQLite file or a new PostgreSQL database); nothing was changed.</source>
            <translation>数据库 {0} 不为空：其中已有 {1}。备份只能恢复到空数据库（新的 SQLite 文件或新的 PostgreSQL 数据库）；未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="251" />
            <source>A backup is restored into a SQLite file, not into {0}.</source>
            <translation>备份只能恢复为 SQLite 文件，不能恢复到 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="256" />
            <source>Cannot restore onto {0}: it is not a file.</source>
            <translation>无法恢复到 {0}：它不是文件。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="278" />
            <source>Could not restore {0} onto {1}: {2}.</source>
            <translation>无法将 {0} 恢复到 {1}：{2}。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup.py" line="293" />
            <source>Cannot clear the empty schema of {0} for the restore: {1} (restore as the database's owner).</source>
            <translation>恢复前无法清除 {0} 的空模式（schema）：{1}（请以数据库所有者身份执行恢复）。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup_files.py" line="66" />
            <source>Cannot make the backup folder {0}: {1}. Choose a folder DormWatt may write to.</source>
            <translation>无法创建备份文件夹 {0}：{1}。请选择 DormWatt 有写入权限的文件夹。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup_files.py" line="69" />
            <source>Cannot write backups to {0}: it is not a folder.</source>
            <translation>无法将备份写入 {0}：它不是文件夹。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup_schedule.py" line="62" />
            <source>A backup time is hours and minutes such as 03:00, not “{0}”.</source>
            <translation>备份时间应为时和分，如 03:00，而不是“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/care/backup_schedule.py" line="227" />
            <source>The daily backup of {0} failed: {1}</source>
            <translation>{0} 的每日备份失败：{1}</translation>
        </message>
        <message>
            <location filename="../../app/care/pg_tools.py" line="25" />
            <source>PostgreSQL backups need the program {0} (PostgreSQL's client tools), and it is not on PATH. Install the PostgreSQL client of the server's version and try again.</source>
            <translation>PostgreSQL 备份需要程序 {0}（PostgreSQL 客户端工具），但它不在 PATH 中。请安装与服务器版本相同的 PostgreSQL 客户端后重试。</translation>
        </message>
        <message>
            <location filename="../../app/care/pg_tools.py" line="68" />
            <source>pg_dump could not back up the store at {0}: {1}</source>
            <translation>pg_dump 无法备份数据库 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/care/pg_tools.py" line="75" />
            <location filename="../../app/care/pg_tools.py" line="84" />
            <source>{0} is not a DormWatt backup: pg_restore cannot read it ({1}).</source>
            <translation>{0} 不是 DormWatt 备份：pg_restore 无法读取它（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/care/pg_tools.py" line="104" />
            <source>pg_restore could not restore {0} onto {1} (nothing of it was kept): {2}</source>
            <translation>pg_restore 无法将 {0} 恢复到 {1}（已恢复的部分均未保留）：{2}</translation>
        </message>
        <message>
            <location filename="../../app/care/training.py" line="116" />
            <source>This is a training store: it never uses a real line, and {0} is one. Training buses are simulated (socket://127.0.0.1:PORT).</source>
            <translation>这是培训库：从不使用真实线路，而 {0} 是真实线路。培训用的总线均为模拟总线（socket://127.0.0.1:PORT）。</translation>
        </message>
        <message>
            <location filename="../../app/care/training.py" line="138" />
            <source>This training store has a real line ({0}); training never opens one.</source>
            <translation>此培训库中有真实线路（{0}）；培训从不打开真实线路。</translation>
        </message>
        <message>
            <location filename="../../app/care/training.py" line="170" />
            <source>Only a new demo campus becomes a training store; this store is refused: {0}.</source>
            <translation>只有新生成的演示校区才能成为培训库；此数据库被拒绝：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/care/training.py" line="280" />
            <source>The store at {0} is not a training store; training opens only a store it made itself.</source>
            <translation>数据库 {0} 不是培训库；培训只打开由培训自己创建的数据库。</translation>
        </message>
        <message>
            <location filename="../../app/cli/__init__.py" line="92" />
            <source>serve: this build has no headless meter service</source>
            <translation>serve：此版本不含后台电表服务</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="27" />
            <source>expected seconds, got {0}</source>
            <translation>应为秒数，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="29" />
            <source>a reply timeout is 0.02 to 2 seconds, got {0}</source>
            <translation>应答超时为 0.02 至 2 秒，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="110" />
            <source>bus set: nothing to change; give --port, --baud, --parity, --name, --enable or --disable</source>
            <translation>bus set：没有要修改的内容；请给出 --port、--baud、--parity、--name、--enable 或 --disable</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="146" />
            <source>bus scan: bus {0} is being served by {1}; stop that service first (or give --force: its polls and the scan's requests would garble each other)</source>
            <translation>bus scan：总线 {0} 正由 {1} 运行；请先停止该服务（或加 --force：其轮询与扫描请求会互相干扰）</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="157" />
            <source>bus scan: {0}</source>
            <translation>总线扫描：{0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="54" />
            <source>{0}: cannot be read ({1})</source>
            <translation>{0}：无法读取（{1}）</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="60" />
            <source>line {0}: not JSON ({1})</source>
            <translation>第 {0} 行：不是 JSON（{1}）</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="72" />
            <source>{0}: expected a JSON object</source>
            <translation>{0}：应为一个 JSON 对象</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="75" />
            <source>{0}: missing field 'name'</source>
            <translation>{0}：缺少字段 'name'</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="79" />
            <source>{0}: field 'class' must be "block" or "allow", not {1}</source>
            <translation>{0}：字段 'class' 必须是 "block" 或 "allow"，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="85" />
            <source>{0}: a waveform capture needs v, i_after and i_before; missing {1}</source>
            <translation>{0}：波形录制需要 v、i_after 和 i_before；缺少 {1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="108" />
            <source>{0} is marked {1} in the library but {2} in the file; change it in the library first</source>
            <translation>{0} 在特征库中标为 {1}，而文件中为 {2}；请先在特征库中修改</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="113" />
            <source>{0}: no captures in the file; nothing was enrolled</source>
            <translation>{0}：文件中没有录制数据；未录入任何内容</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="135" />
            <source>{0}: the library is empty; enroll captures first</source>
            <translation>{0}：特征库为空；请先录入录制数据</translation>
        </message>
        <message>
            <location filename="../../app/cli/loads.py" line="142" />
            <source>line {0}: expected a JSON object</source>
            <translation>第 {0} 行：应为一个 JSON 对象</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="20" />
            <source>expected a whole number, got {0}</source>
            <translation>应为整数，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="22" />
            <source>must be at least {0}, got {1}</source>
            <translation>至少为 {0}，收到 {1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="78" />
            <source>demo-data: name the store to fill with --out URL (or --db URL)</source>
            <translation>demo-data：请用 --out URL（或 --db URL）指定要填充的数据库</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="83" />
            <source>demo-data: the store already has rooms; give an empty one.</source>
            <translation>demo-data：该数据库已有房间；请指定一个空库。</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="117" />
            <source>audit verify: {0}</source>
            <translation>审计校验：{0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/meter.py" line="16" />
            <source>expected an address 1-247, got {0}</source>
            <translation>地址应为 1-247，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/meter.py" line="18" />
            <source>a meter address is 1-247, got {0}</source>
            <translation>电表地址为 1-247，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="52" />
            <source>cannot use the database URL {0}: {1}</source>
            <translation>无法使用数据库地址 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="57" />
            <source>cannot open the store at {0}: {1}</source>
            <translation>无法打开数据库 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="71" />
            <source>the store at {0} was migrated by a newer version of DormWatt (schema {1}; this version knows up to {2}): use that version</source>
            <translation>数据库 {0} 已被更新版本的 DormWatt 升级（结构 {1}；本版本最高支持 {2}）：请使用该版本</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="79" />
            <source>the store at {0} is empty (no DormWatt schema); run `dormwatt db upgrade` first</source>
            <translation>数据库 {0} 为空（无 DormWatt 结构）；请先运行 `dormwatt db upgrade`</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="82" />
            <source>the store at {0} is at schema {1}, this version needs {2}; run `dormwatt db upgrade` first</source>
            <translation>数据库 {0} 的结构为 {1}，本版本需要 {2}；请先运行 `dormwatt db upgrade`</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="49" />
            <source>a FixedClock needs an aware datetime</source>
            <translation>FixedClock 需要带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="66" />
            <source>a RunningClock needs an aware datetime</source>
            <translation>RunningClock 需要带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="111" />
            <source>A time without a time zone cannot be placed on a campus day.</source>
            <translation>没有时区的时间无法对应到校园日。</translation>
        </message>
        <message>
            <location filename="../../app/counter/capital_numerals.py" line="31" />
            <source>capital_amount takes Money, not {0}</source>
            <translation>capital_amount 需要 Money 类型，而不是 {0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/capital_numerals.py" line="34" />
            <source>{0} is too large to write in capital numerals</source>
            <translation>{0} 太大，无法写成大写金额</translation>
        </message>
        <message>
            <location filename="../../app/counter/documents.py" line="57" />
            <location filename="../../app/counter/voids.py" line="88" />
            <source>No receipt {0}.</source>
            <translation>没有收据 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/documents.py" line="78" />
            <source>Shift {0} has no report yet: it is still open.</source>
            <translation>班次 {0} 尚无报表：该班次仍未交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/escpos.py" line="49" />
            <source>Unknown roll {0}; one of {1}</source>
            <translation>未知卷纸 {0}；可选：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/finance_admin.py" line="145" />
            <source>There is no statement import {0}.</source>
            <translation>没有编号为 {0} 的对账单导入记录。</translation>
        </message>
        <message>
            <location filename="../../app/counter/finance_admin.py" line="275" />
            <location filename="../../app/counter/shifts.py" line="224" />
            <source>There is no day close number {0}.</source>
            <translation>没有日结号为 {0} 的日结。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="148" />
            <location filename="../../app/counter/ledger.py" line="233" />
            <location filename="../../app/counter/payments.py" line="142" />
            <location filename="../../app/counter/payments.py" line="192" />
            <location filename="../../app/counter/payments.py" line="352" />
            <source>No account {0}.</source>
            <translation>没有账户 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="154" />
            <source>Every money operation needs an idempotency key.</source>
            <translation>每笔资金操作都需要一个幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="156" />
            <location filename="../../app/metering/replacement.py" line="374" />
            <source>An idempotency key has at most {0} characters.</source>
            <translation>幂等键最多 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="196" />
            <source>A transfer needs two different accounts.</source>
            <translation>转账需要两个不同的账户。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="205" />
            <source>Say why the entry is reversed.</source>
            <translation>请填写冲正原因。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="209" />
            <source>No ledger entry {0}.</source>
            <translation>没有账目 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="211" />
            <source>A reversal cannot itself be reversed; post a new entry instead.</source>
            <translation>冲正记录本身不能再冲正；请另记一笔新账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="219" />
            <source>Money taken or paid out at the counter is taken back by voiding its receipt, not by a reversal; nothing was reversed.</source>
            <translation>柜台收付的款项须通过作废其收据收回，不能冲正；未冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="287" />
            <source>That entry has already been reversed.</source>
            <translation>该笔账目已被冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="289" />
            <source>The operation could not be posted; try again.</source>
            <translation>该操作未能入账；请重试。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="320" />
            <source>The key {0} was already used for a different operation ({1}); nothing was posted.</source>
            <translation>键 {0} 已用于另一项操作（{1}）；未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="335" />
            <source>The {0} reference {1} was already posted on {2} (entry {3}); it cannot be used twice.</source>
            <translation>{0}交易单号 {1} 已于 {2} 入账（账目 {3}）；不能重复使用。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="351" />
            <source>Entry {0} has already been reversed.</source>
            <translation>账目 {0} 已被冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="362" />
            <source>{0} is more than the account's balance of {1}; nothing was posted.</source>
            <translation>{0} 超过账户余额 {1}；未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="27" />
            <source>{0} must be an int number of fen, not {1}</source>
            <translation>{0} 必须是以分为单位的整数，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="41" />
            <source>Money is immutable</source>
            <translation>Money 不可修改</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="62" />
            <source>Money.parse takes text, not a float</source>
            <translation>Money.parse 需要文本，而不是浮点数</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="64" />
            <source>Money.parse takes text, not {0}</source>
            <translation>Money.parse 需要文本，而不是 {0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="72" />
            <source>Enter an amount.</source>
            <translation>请输入金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="77" />
            <location filename="../../app/counter/money.py" line="104" />
            <location filename="../../app/counter/money.py" line="108" />
            <source>“{0}” is not an amount of money.</source>
            <translation>“{0}”不是有效的金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="78" />
            <source>“{0}” is not an amount of money: type digits with an optional decimal point and at most two decimals, such as 12.50.</source>
            <translation>“{0}”不是金额：请输入数字，可带小数点，最多两位小数，例如 12.50。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="86" />
            <source>“{0}” has more than two decimals; the smallest unit is 0.01 CNY.</source>
            <translation>“{0}”的小数超过两位；最小单位是 0.01 元。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="89" />
            <source>“{0}” is too large.</source>
            <translation>“{0}”太大。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="99" />
            <source>The amount cell is empty.</source>
            <translation>金额单元格为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="115" />
            <source>{0} must be more than zero.</source>
            <translation>{0}必须大于零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money_settings.py" line="46" />
            <location filename="../../app/counter/money_settings.py" line="53" />
            <source>An amount cannot be negative.</source>
            <translation>金额不能为负。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money_settings.py" line="55" />
            <source>The refund approval limit is at most {0}.</source>
            <translation>退款审批限额最多为 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="68" />
            <location filename="../../app/counter/payments.py" line="272" />
            <source>“{0}” is not a payment method this office accepts.</source>
            <translation>“{0}”不是本办公室接受的支付方式。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="75" />
            <source>Give at least one payment method, each code once.</source>
            <translation>请至少设置一种支付方式，每个代码只能出现一次。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="91" />
            <source>A code is a short name in lower-case letters, digits and “_”, starting with a letter, such as unionpay.</source>
            <translation>代码是以字母开头、由小写字母、数字和“_”组成的简短名称，例如 unionpay。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="94" />
            <source>Give the name printed on receipts.</source>
            <translation>请填写收据上打印的名称。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="96" />
            <source>A name printed on receipts has at most {0} characters.</source>
            <translation>收据上打印的名称最多 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="101" />
            <source>There is already a payment method “{0}” ({1}).</source>
            <translation>已有支付方式“{0}”（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="103" />
            <location filename="../../app/counter/payment_methods.py" line="122" />
            <source>“{0}” is not a payment method of this office.</source>
            <translation>“{0}”不是本办公室的支付方式。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="105" />
            <source>Another payment method is already printed as “{0}”.</source>
            <translation>另一支付方式已使用名称“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="125" />
            <source>The counter must offer at least one payment method; enable another one first.</source>
            <translation>柜台至少要提供一种支付方式；请先启用另一种。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="151" />
            <source>A single recharge is at most {0}; {1} was typed. Nothing was taken.</source>
            <translation>单笔充值最多 {0}；输入的是 {1}。未收款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="180" />
            <source>The ceiling must be above zero, or no recharge could be taken.</source>
            <translation>上限必须大于零，否则无法收取任何充值。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="182" />
            <source>Give an amount above zero.</source>
            <translation>请填写大于零的金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="184" />
            <source>The amount asked for again cannot be above the ceiling ({0}).</source>
            <translation>需再次确认的金额不能高于单笔上限（{0}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="114" />
            <location filename="../../app/counter/payments.py" line="135" />
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This room has no account yet; check a student in first.</source>
            <translation>该房间还没有账户；请先为学生办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="228" />
            <source>A payment reference has at most {0} characters; this one has {1}. Nothing was posted.</source>
            <translation>支付参考号最多 {0} 个字符；此参考号有 {1} 个。未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="231" />
            <source>The payment reference contains a line break, control or invisible character; type it again as printed on the payment. Nothing was posted.</source>
            <translation>支付参考号含有换行、控制字符或不可见字符；请按支付凭证上的内容重新输入。未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="275" />
            <source>A {0} recharge needs the transaction reference.</source>
            <translation>{0}充值需要填写交易单号。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="281" />
            <source>{0} ({1}) does not live in this room.</source>
            <translation>{0}（{1}）不住在这个房间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="286" />
            <source>Only part of an electricity payment can go on to the water account.</source>
            <translation>只能将电费付款的一部分转入水费账户。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="320" />
            <source>This room has no water account; the payment cannot go on to water.</source>
            <translation>该房间没有水费账户，付款无法转入水费。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="421" />
            <source>A refund needs an idempotency key of at most {0} characters.</source>
            <translation>退款需要一个不超过 {0} 个字符的幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="428" />
            <source>The key {0} was already used for a different refund; nothing was refunded.</source>
            <translation>键 {0} 已用于另一笔退款；未退款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="453" />
            <source>{0} ({1}) has never lived in this room; a refund goes to a student who lives or lived here. Nothing was refunded.</source>
            <translation>{0}（{1}）从未住过本房间；退款只能退给现住或曾住本房间的学生。未退款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="458" />
            <source>At most {0} can be refunded from this account; {1} was asked. Nothing was refunded.</source>
            <translation>该账户最多可退 {0}，申请退款 {1}。未退任何款项。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="465" />
            <source>This room has no electricity meter to take the money back from.</source>
            <translation>该房间没有电表，无法从电表中退回款项。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="522" />
            <source>Refunds above {0} a day from one account need an administrator's approval.</source>
            <translation>同一账户每天退款超过 {0} 需经管理员批准。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="100" />
            <source>A printer address is host:port with a port from 1 to 65535, not “{0}”.</source>
            <translation>打印机地址的格式为 host:port，端口为 1 至 65535，而不是“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="107" />
            <source>A serial printer is written as COM3 or COM3@19200, not “{0}”.</source>
            <translation>串口打印机应写作 COM3 或 COM3@19200，而不是“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="127" />
            <location filename="../../app/counter/raw_print.py" line="224" />
            <source>The receipt printer at {0} is out of paper.</source>
            <translation>收据打印机 {0} 缺纸。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="129" />
            <source>The receipt printer at {0} stopped at the end of its paper.</source>
            <translation>收据打印机 {0} 纸已用完，已停止打印。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="131" />
            <source>The receipt printer at {0} has its cover open.</source>
            <translation>收据打印机 {0} 的机盖已打开。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="133" />
            <source>The receipt printer at {0} reports an error (a paper jam or the cutter).</source>
            <translation>收据打印机 {0} 报告错误（卡纸或切刀故障）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="146" />
            <source>The receipt printer at {0} cannot be reached ({1}): is it switched on and on the network?</source>
            <translation>无法连接收据打印机 {0}（{1}）：打印机是否已开机并接入网络？</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="162" />
            <location filename="../../app/counter/raw_print.py" line="245" />
            <source>The receipt printer at {0} stopped taking the receipt ({1}).</source>
            <translation>收据打印机 {0} 中途停止接收收据（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="173" />
            <source>The receipt printer's port {0} cannot be opened ({1}).</source>
            <translation>无法打开收据打印机的端口 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="186" />
            <source>The receipt printer on {0} did not take the receipt within {1} seconds: is it switched on?</source>
            <translation>{0} 上的收据打印机在 {1} 秒内未接收收据：打印机是否已开机？</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="189" />
            <source>The receipt printer's port {0} failed ({1}).</source>
            <translation>收据打印机的端口 {0} 出错（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="198" />
            <source>There is no printer device {0}: is the printer plugged in and switched on?</source>
            <translation>没有打印机设备 {0}：打印机是否已连接并开机？</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="201" />
            <source>This user may not write to {0} (on Linux, add the user to the lp group).</source>
            <translation>当前用户无权写入 {0}（在 Linux 上，请将该用户加入 lp 组）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="204" />
            <source>No printer answers at {0} ({1}).</source>
            <translation>{0} 处没有打印机应答（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="226" />
            <source>The receipt printer at {0} reports an error: is it offline or its cover open?</source>
            <translation>收据打印机 {0} 报告错误：是否离线或机盖未合上？</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="235" />
            <source>The receipt printer at {0} did not take the receipt within {1} seconds: is it switched on and loaded with paper?</source>
            <translation>收据打印机 {0} 在 {1} 秒内未接收收据：打印机是否已开机并装好纸？</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="261" />
            <source>Printing raw to a printer queue needs the lp command (CUPS), which is not installed; give the printer's address (host:9100) or device (/dev/usb/lp0) instead.</source>
            <translation>以原始模式打印到打印队列需要 lp 命令（CUPS），但系统未安装；请改为填写打印机地址（host:9100）或设备（/dev/usb/lp0）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="270" />
            <source>The printer queue {0} did not take the receipt within {1} seconds.</source>
            <translation>打印队列 {0} 在 {1} 秒内未接收收据。</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="274" />
            <location filename="../../app/counter/raw_print.py" line="307" />
            <source>The printer queue {0} refused the receipt: {1}</source>
            <translation>打印队列 {0} 拒绝了收据：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/raw_print.py" line="288" />
            <source>The printer queue {0} is stopped (the printer is offline, out of paper or paused).</source>
            <translation>打印队列 {0} 已停止（打印机离线、缺纸或已暂停）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/receipts_pdf.py" line="88" />
            <source>Unknown paper {0}; one of {1}</source>
            <translation>未知纸张 {0}；可选：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="125" />
            <source>A receipt is one of {0}, not {1}</source>
            <translation>收据类型应为 {0} 之一，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="127" />
            <source>A receipt's utility is one of {0}, not {1}</source>
            <translation>收据的能源类型应为 {0} 之一，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="264" />
            <source>A settlement period cannot end before it starts</source>
            <translation>结算期的结束不能早于开始</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="280" />
            <source>{0} must be an int (amounts in fen), not {1}</source>
            <translation>{0} 必须是整数（以分计），而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="286" />
            <source>{0} must be more than zero</source>
            <translation>{0} 必须大于零</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="291" />
            <source>{0} must be an aware datetime</source>
            <translation>{0} 必须是带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="298" />
            <source>A shift cannot close before it opens</source>
            <translation>班次的交班时间不能早于开班时间</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="306" />
            <source>The cash difference {0} is not counted {1} − expected {2}</source>
            <translation>现金差额 {0} 不等于实点 {1} − 应有 {2}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="314" />
            <source>{0}: {1} cannot be negative</source>
            <translation>{0}：{1} 不能为负数</translation>
        </message>
        <message>
            <location filename="../../app/counter/reports_pdf.py" line="142" />
            <source>render_settlements needs at least one statement</source>
            <translation>至少需要一张结算单</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="96" />
            <location filename="../../app/counter/settlement_policy.py" line="271" />
            <source>“{0}” is not a settlement policy; use {1}.</source>
            <translation>“{0}”不是结算方式；请使用 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="116" />
            <source>{0} is not checked in anywhere, so there is nothing to settle.</source>
            <translation>{0} 未在任何房间入住，无需结算。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="375" />
            <source>check_out_in: lock the student with lock_stays_in, for the same operator, first</source>
            <translation>check_out_in：请先由同一操作员用 lock_stays_in 锁定该学生</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="394" />
            <source>The {0} refund of {1} would take today's refunds from the room's account above {2}: an administrator must approve it. Nothing was done.</source>
            <translation>{0}退款 {1} 将使本房间账户今日退款总额超过 {2}：须经管理员批准。未做任何操作。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="445" />
            <source>There is no settlement to print.</source>
            <translation>没有可打印的结算单。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="510" />
            <source>There is no settlement {0}.</source>
            <translation>没有结算单 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="159" />
            <source>allocate takes an int number of fen</source>
            <translation>allocate 需要以分为单位的整数</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="162" />
            <source>There is nobody to share the amount among.</source>
            <translation>没有可分摊该金额的人。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="164" />
            <source>Shares are whole numbers, zero or more, and not all zero.</source>
            <translation>分摊份额必须是零或正整数，且不能全为零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="177" />
            <source>{0} has no time zone; give times as aware datetimes.</source>
            <translation>{0} 没有时区；请使用带时区的时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="200" />
            <source>Entry {0} is of unknown kind “{1}”.</source>
            <translation>账目 {0} 的类型“{1}”未知。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="203" />
            <source>Entry {0} ({1}) has an impossible amount of {2} fen.</source>
            <translation>账目 {0}（{1}）的金额 {2} 分不可能成立。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="208" />
            <source>Entry {0} is a reversal, but does not undo an earlier entry of this account.</source>
            <translation>账目 {0} 是冲正记录，但没有冲销本账户之前的任何账目。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="210" />
            <source>Entry {0} is reversed twice.</source>
            <translation>账目 {0} 被冲正了两次。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="275" />
            <source>The stay of {0} ({1}) ends before it starts.</source>
            <translation>{0}（{1}）的住宿结束时间早于开始时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="278" />
            <source>This student has no stay in this room, so there is nothing to settle.</source>
            <translation>该学生没有在此房间住宿的记录，无需结算。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="281" />
            <source>{0} ({1}) had not yet moved into this room at the check-out time.</source>
            <translation>退宿时间点时，{0}（{1}）尚未入住此房间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/share_transfers.py" line="43" />
            <source>The key {0} was already used for a different transfer; nothing moved.</source>
            <translation>键 {0} 已用于另一笔转账；未转移任何金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/share_transfers.py" line="47" />
            <source>A share goes through the meters from one electricity account to another.</source>
            <translation>随人转移的金额只能经电表从一个电费账户转到另一个电费账户。</translation>
        </message>
        <message>
            <location filename="../../app/counter/share_transfers.py" line="50" />
            <source>Both rooms need an electricity meter for the share to move with the student.</source>
            <translation>两个房间都须装有电表，该金额才能随学生转移。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="58" />
            <source>The cash float cannot be negative.</source>
            <translation>备用金不能为负数。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="61" />
            <location filename="../../app/counter/shifts.py" line="67" />
            <source>You already have an open shift; close it before opening another.</source>
            <translation>您已有一个未交班的班次；请先交班再开新班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="89" />
            <source>Open a shift before taking or paying out money at the counter.</source>
            <translation>在柜台收款或付款前请先开班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="130" />
            <source>Counted cash cannot be negative.</source>
            <translation>清点的现金不能为负数。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="136" />
            <source>{0} refund(s) are still waiting for their meters; the shift cannot close yet.</source>
            <translation>还有 {0} 笔退款在等待电表执行；暂时不能交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="140" />
            <source>{0} void(s) are still waiting for their meters to give the credit back; the shift cannot close yet.</source>
            <translation>还有 {0} 笔作废在等待电表退回电费，暂不能交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="176" />
            <source>{0} has not begun yet; a day can only be closed from that day on.</source>
            <translation>{0} 尚未开始；只能在当天或之后日结。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="180" />
            <source>{0} is already closed; reprint its report instead.</source>
            <translation>{0} 已交班；请改为重新打印其报表。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="185" />
            <source>{0} shift(s) of that day are still open; close them first.</source>
            <translation>当天还有 {0} 个班次未交班；请先交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="131" />
            <source>reference {0} is stored as a number; format the column as text and export again.</source>
            <translation>交易单号 {0} 以数字形式保存；请将该列设为文本格式后重新导出。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="134" />
            <source>reference is empty.</source>
            <translation>交易单号为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="136" />
            <source>reference is longer than {0} characters.</source>
            <translation>交易单号超过 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="142" />
            <source>amount is empty.</source>
            <translation>金额为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="150" />
            <source>amount {0}</source>
            <translation>金额{0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="151" />
            <source>amount “{0}” is not an amount of money.</source>
            <translation>金额“{0}”不是有效的金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="153" />
            <source>amount is zero.</source>
            <translation>金额为零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="161" />
            <source>time {0} has a date but no time of day.</source>
            <translation>时间 {0} 只有日期，没有具体时刻。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="163" />
            <source>time {0} has a time of day but no date.</source>
            <translation>时间 {0} 只有时刻，没有日期。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="165" />
            <source>time is empty.</source>
            <translation>时间为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="167" />
            <source>time {0} is a number, not a date and time.</source>
            <translation>时间 {0} 是数字，而不是日期时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="177" />
            <source>time “{0}” is not a date and time like 2026-11-03 14:05:00.</source>
            <translation>时间“{0}”不是形如 2026-11-03 14:05:00 的日期时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="179" />
            <source>time “{0}” has a date but no time of day.</source>
            <translation>时间“{0}”只有日期，没有具体时刻。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="188" />
            <location filename="../../app/counter/statement_import.py" line="197" />
            <location filename="../../app/counter/statement_import.py" line="203" />
            <source>row {0}: {1}</source>
            <translation>第 {0} 行：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="216" />
            <source>{0} has no header row naming the reference, amount and time columns (looked at the first {1} rows).</source>
            <translation>{0} 中没有标明交易单号、金额和时间列的表头行（已查看前 {1} 行）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="234" />
            <source>row {0}: reference {1} already appears in row {2}.</source>
            <translation>第 {0} 行：交易单号 {1} 已在第 {2} 行出现。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="90" />
            <source>Only a recharge can be voided; receipt {0} is not one.</source>
            <translation>只有充值可以作废；收据 {0} 不是充值。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="167" />
            <source>Say why the recharge is voided: the reason is printed on the void receipt.</source>
            <translation>请填写作废原因：原因会打印在作废凭证上。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="178" />
            <source>Receipt {0} was taken in a shift that is closed or not yours; only an administrator can void it now.</source>
            <translation>收据 {0} 所在的班次已结束或不是您的班次；现在只有管理员可以作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="189" />
            <source>The room has already spent part of this recharge: {0} of {1} can still be voided. Nothing was voided.</source>
            <translation>该房间已用掉这笔充值的一部分：{1} 中只有 {0} 还可以作废。未作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="203" />
            <source>Receipt {0} was already voided by receipt {1}.</source>
            <translation>收据 {0} 已被收据 {1} 作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="205" />
            <source>Receipt {0} was already reversed by an administrator.</source>
            <translation>收据 {0} 已由管理员冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="208" />
            <source>Receipt {0} is already being voided: its meter is giving the credit back.</source>
            <translation>收据 {0} 正在作废中：电表正在退回电费。</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="122" />
            <source>The store has no enabled bus on a local socket:// port to simulate.</source>
            <translation>数据库中没有可供模拟的、位于本地 socket:// 端口上的已启用总线。</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="217" />
            <source>The meter simulator did not start: {0}</source>
            <translation>电表模拟器未能启动：{0}</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="242" />
            <source>The simulated bus on {0}:{1} does not accept connections.</source>
            <translation>{0}:{1} 上的模拟总线不接受连接。</translation>
        </message>
        <message>
            <location filename="../../app/events.py" line="79" />
            <location filename="../../app/events.py" line="93" />
            <location filename="../../app/events.py" line="120" />
            <source>unknown event topic {0}</source>
            <translation>未知的事件主题 {0}</translation>
        </message>
        <message>
            <location filename="../../app/events.py" line="123" />
            <source>events can only be staged inside Store.write()</source>
            <translation>事件只能在 Store.write() 中登记</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="100" />
            <source>{0} is neither UTF-8 nor GB18030 (GBK) text; save the file as “CSV UTF-8”.</source>
            <translation>{0} 既不是 UTF-8 也不是 GB18030（GBK）文本；请将文件另存为“CSV UTF-8”。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="101" />
            <source>{0} is not UTF-8 text; save the file as “CSV UTF-8”.</source>
            <translation>{0} 不是 UTF-8 文本；请将文件另存为“CSV UTF-8”。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="113" />
            <source>{0} could not be read as CSV at line {1} ({2}).</source>
            <translation>{0} 第 {1} 行无法按 CSV 读取（{2}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="124" />
            <location filename="../../app/files/tables.py" line="228" />
            <location filename="../../app/files/tables.py" line="248" />
            <source>{0} is not a readable .xlsx workbook ({1}).</source>
            <translation>{0} 不是可读取的 .xlsx 工作簿（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="126" />
            <source>{0} would unpack to {1}, more than the {2} a table may take; it is not an ordinary spreadsheet.</source>
            <translation>{0} 解压后将达 {1}，超过表格允许的 {2}；这不是普通的电子表格。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="225" />
            <location filename="../../app/files/tables.py" line="251" />
            <source>{0} is not a readable .xlsx workbook (it has no worksheet).</source>
            <translation>{0} 不是可读取的 .xlsx 工作簿（其中没有工作表）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="235" />
            <location filename="../../app/files/tables.py" line="260" />
            <source>cell {0} holds a formula ({1}) without a saved value; open the file in Excel or WPS, save it and import it again.</source>
            <translation>单元格 {0} 是公式（{1}），但没有保存计算结果；请用 Excel 或 WPS 打开文件、保存后重新导入。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="287" />
            <source>{0} is an old .xls workbook; save it as .xlsx or CSV UTF-8 and import that.</source>
            <translation>{0} 是旧版 .xls 工作簿；请另存为 .xlsx 或 CSV UTF-8 后再导入。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="289" />
            <source>{0} is neither a .csv nor an .xlsx file.</source>
            <translation>{0} 既不是 .csv 文件也不是 .xlsx 文件。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="291" />
            <source>The file {0} does not exist.</source>
            <translation>文件 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="295" />
            <source>{0} is {1}, more than the {2} a table may be.</source>
            <translation>{0} 大小为 {1}，超过表格允许的 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="300" />
            <source>{0} could not be read ({1}).</source>
            <translation>无法读取 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="320" />
            <source>{0} has more than {1} rows below its header; split it into smaller files.</source>
            <translation>{0} 表头以下超过 {1} 行；请拆分成较小的文件。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="328" />
            <source>it has {0} cells but the header has {1} columns (a value with a comma not in quotes?); nothing was read from it.</source>
            <translation>该行有 {0} 个单元格，而表头只有 {1} 列（是否有含逗号的值未加引号？）；此行未读取。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="42" />
            <source>“{0}…” is too long: at most {1} characters.</source>
            <translation>“{0}…”太长：最多 {1} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="54" />
            <source>The {0} cell holds TRUE/FALSE, not a {1}.</source>
            <translation>{0}单元格中是 TRUE/FALSE，不是{1}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="57" />
            <source>The {0} {1} is not a whole number; format the column as Text and type it again.</source>
            <translation>{0} {1} 不是整数；请将该列设为“文本”格式后重新输入。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="59" />
            <source>The {0} {1} was stored by Excel as a number too long to keep every digit; format the column as Text and type it again.</source>
            <translation>{0} {1} 被 Excel 存为数字，位数太多无法保留每一位；请将该列设为“文本”格式后重新输入。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="64" />
            <source>The {0} {1} is longer than Excel keeps exactly; format the column as Text and type it again.</source>
            <translation>{0} {1} 超出了 Excel 能精确保存的位数；请将该列设为“文本”格式后重新输入。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="69" />
            <source>The {0} “{1}” is in scientific notation (Excel showed a long number that way and lost digits); format the column as Text and type it again.</source>
            <translation>{0}“{1}”是科学计数法（Excel 这样显示长数字时已丢失位数）；请将该列设为“文本”格式后重新输入。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="72" />
            <source>The {0} “{1}…” is too long: at most {2} characters.</source>
            <translation>{0}“{1}…”太长：最多 {2} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="90" />
            <source>“{0}” is a number, not a date; write dates as 2026-09-01 or format the column as Date.</source>
            <translation>“{0}”是数字而不是日期；请按 2026-09-01 的格式填写，或将该列设为“日期”格式。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="99" />
            <source>“{0}” is not a day of the calendar.</source>
            <translation>“{0}”不是有效的日期。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="101" />
            <source>“{0}” could be day/month or month/day; write dates year first, as 2026-09-01.</source>
            <translation>“{0}”既可理解为日/月也可理解为月/日；请以年份开头填写，如 2026-09-01。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="102" />
            <source>“{0}” is not a date; write dates as 2026-09-01.</source>
            <translation>“{0}”不是日期；请按 2026-09-01 的格式填写。</translation>
        </message>
        <message>
            <location filename="../../app/imports/cells.py" line="121" />
            <source>“{0}” is not a {1}: write one of {2}.</source>
            <translation>“{0}”不是有效的{1}：请填写 {2} 之一。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="135" />
            <source>{0} has no header row naming the columns (looked for {1} in its first 20 rows); start from the template.</source>
            <translation>{0} 没有列标题行（在前 20 行中查找 {1}）；请从模板开始填写。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="140" />
            <source>{0} has no column {1}; add it or start from the template.</source>
            <translation>{0} 缺少列 {1}；请添加该列，或从模板开始填写。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="142" />
            <source>{0} has a header but no rows below it.</source>
            <translation>{0} 只有标题行，下面没有数据。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="161" />
            <source>Columns not imported: {0}.</source>
            <translation>未导入的列：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="163" />
            <source>Columns given twice (the first is used): {0}.</source>
            <translation>重复的列（使用第一列）：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="218" />
            <source>This preview is of another kind of import.</source>
            <translation>此预览属于另一种导入。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="224" />
            <source>Nothing to import: every row is unchanged or has an error.</source>
            <translation>没有可导入的内容：每一行要么未变化，要么有错误。</translation>
        </message>
        <message>
            <location filename="../../app/imports/engine.py" line="332" />
            <source>This row's student or bed was changed at another workstation while it was imported; import the file again.</source>
            <translation>导入期间此行的学生或床位已在另一工作站被修改；请重新导入该文件。</translation>
        </message>
        <message>
            <location filename="../../app/imports/exchange_kind.py" line="77" />
            <location filename="../../app/imports/exchange_kind.py" line="79" />
            <location filename="../../app/imports/roster.py" line="127" />
            <source>{0}: the cell is empty.</source>
            <translation>{0}：单元格为空。</translation>
        </message>
        <message>
            <location filename="../../app/imports/exchange_kind.py" line="85" />
            <location filename="../../app/imports/roster.py" line="175" />
            <source>{0}: there is no room “{1}”.</source>
            <translation>{0}：没有房间“{1}”。</translation>
        </message>
        <message>
            <location filename="../../app/imports/exchange_kind.py" line="97" />
            <source>{0}: the row says “{1}”, but student {2} is {3}; check the student number.</source>
            <translation>{0}：此行写的是“{1}”，但学号 {2} 的学生是 {3}；请核对学号。</translation>
        </message>
        <message>
            <location filename="../../app/imports/exchange_kind.py" line="108" />
            <source>{0} owes {1} of {2} in {3}; listed, not collected.</source>
            <translation>{0} 在 {3} 欠 {2} {1}；已列出，未收取。</translation>
        </message>
        <message>
            <location filename="../../app/imports/exchange_kind.py" line="116" />
            <source>Another row of this file cannot be applied — {0}{1}. An exchange is applied whole or not at all: correct those rows and import the file again.</source>
            <translation>此文件中有其他行无法办理 — {0}{1}。调宿要么全部办理，要么全部不办理：请改正这些行后重新导入该文件。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="98" />
            <source>The student number {0} is also on row {1}; each student once.</source>
            <translation>学号 {0} 也出现在第 {1} 行；每名学生只列一次。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="155" />
            <source>{0} was changed by hand since the last import (now “{1}”); kept, the file's “{2}” is not applied.</source>
            <translation>{0} 自上次导入后已被手工修改（现为“{1}”）；予以保留，不采用文件中的“{2}”。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="170" />
            <source>{0}: the cell is empty but a building or bed is given.</source>
            <translation>{0}：单元格为空，但填写了楼栋或床位。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="179" />
            <source>The student {0} has status “{1}” and cannot be given a bed.</source>
            <translation>学生 {0} 的状态为“{1}”，不能分配床位。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="188" />
            <source>{0}: {1} has no bed {2}.</source>
            <translation>{0}：{1} 没有 {2} 号床位。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="198" />
            <source>{0} was moved by hand to {1} since the last import; kept there, the file's {2} is not applied.</source>
            <translation>{0} 自上次导入后已被手工调到 {1}；保留在该处，不采用文件中的 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="201" />
            <source>{0} was checked in by hand to {1} since the last import; kept there, the file's {2} is not applied.</source>
            <translation>{0} 自上次导入后已被手工安排入住 {1}；保留在该处，不采用文件中的 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="215" />
            <source>{0}: bed {1} of {2} is also given on row {3}.</source>
            <translation>{0}：{2} 的 {1} 号床位在第 {3} 行也被分配。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="218" />
            <source>{0}: bed {1} of {2} is taken by {3}, who stays.</source>
            <translation>{0}：{2} 的 {1} 号床位由留住的 {3} 占用。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="223" />
            <source>{0} is full (after the rows above): no free bed for {1}.</source>
            <translation>{0} 已满（按以上各行分配后）：没有空床位给 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="338" />
            <source>The student {0} was removed since the preview.</source>
            <translation>学生 {0} 在预览后已被删除。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="340" />
            <source>The student number {0} was registered at another workstation since the preview; import the file again.</source>
            <translation>学号 {0} 在预览后已在另一工作站登记；请重新导入该文件。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="397" />
            <source>The room {0} was removed since the preview.</source>
            <translation>房间 {0} 在预览后已被删除。</translation>
        </message>
        <message>
            <location filename="../../app/imports/roster.py" line="404" />
            <source>{0} was checked in at another workstation since the preview.</source>
            <translation>{0} 在预览后已在另一工作站办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/integrity/anchors.py" line="82" />
            <source>{0}:{1} is not an anchor line</source>
            <translation>{0} 第 {1} 行不是锚点记录</translation>
        </message>
        <message>
            <location filename="../../app/integrity/audit_query.py" line="185" />
            <source>The end date {0} is before the start date {1}.</source>
            <translation>结束日期 {0} 早于开始日期 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/integrity/chain.py" line="80" />
            <source>cannot hash a {0}</source>
            <translation>无法计算 {0} 类型的哈希</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="81" />
            <source>no switch-on in the capture: the branch already drew {0} W and the same load only changed by {1} W: was the appliance already on when the capture was armed? Switch it off, arm, then switch it on.</source>
            <translation>录制中没有投入：该回路原已消耗 {0} W，同一负载仅变化了 {1} W。开始录制时电器是否已经开着？请先关闭电器，准备录制后再打开。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="168" />
            <source>The line was taken over by another program during the capture; arm again.</source>
            <translation>录制期间线路被其他程序占用；请重新准备录制。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="209" />
            <source>A meter address is 1 to 247, not {0}.</source>
            <translation>电表地址为 1 到 247，不能是 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="220" />
            <source>Address {0} on line {1} is a water meter: a capture needs an electricity meter.</source>
            <translation>线路 {1} 上的地址 {0} 是水表：录制需要电表。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="225" />
            <source>Line {0} is run by {1}: capture on a line this window runs, or on a bench line nobody runs.</source>
            <translation>线路 {0} 由 {1} 运行：请在本窗口运行的线路上录制，或在无人运行的测试台线路上录制。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="256" />
            <source>Take at least one capture of the appliance before saving it.</source>
            <translation>保存前请至少录制该电器一次。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="263" />
            <source>The library has {0} as a blocked appliance: choose Block to add another device of it, or another name.</source>
            <translation>特征库中 {0} 是禁止的电器：选择“禁止”以添加它的另一台设备，或换一个名称。</translation>
        </message>
        <message>
            <location filename="../../app/loads/capture.py" line="265" />
            <source>The library has {0} as an allowed appliance: choose Allow to add another device of it, or another name.</source>
            <translation>特征库中 {0} 是允许的电器：选择“允许”以添加它的另一台设备，或换一个名称。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="56" />
            <location filename="../../app/metering/daily_readings.py" line="108" />
            <source>No room {0}.</source>
            <translation>没有房间 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="82" />
            <source>Name the device these switch-ons come from (one student's appliance is one device).</source>
            <translation>请填写这些开启事件来自的设备（一名学生的一台电器即一个设备）。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="84" />
            <source>Choose the switch-ons to add.</source>
            <translation>请选择要添加的开启事件。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="87" />
            <source>That appliance is no longer in the library; reopen it.</source>
            <translation>该电器已不在特征库中，请重新打开。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="99" />
            <source>Not an examined switch-on of this room: event {0}. Nothing was added.</source>
            <translation>不是本房间经判别的开启事件：事件 {0}。未添加任何内容。</translation>
        </message>
        <message>
            <location filename="../../app/loads/event_captures.py" line="105" />
            <source>These switch-ons are already captures of {0}.</source>
            <translation>这些开启事件已是 {0} 的样本。</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="70" />
            <source>{0}missing field {1} (needed: dp, pf, i3, i5, thd)</source>
            <translation>{0}缺少字段 {1}（必需：dp、pf、i3、i5、thd）</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="74" />
            <source>{0}field {1} must be a whole number in register units, not {2}</source>
            <translation>{0}字段 {1} 必须是寄存器单位的整数，而不是 {2}</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="77" />
            <source>{0}dp {1} W is not a switch-on (a step is at least {2} W)</source>
            <translation>{0}dp {1} W 不是一次投入（功率阶跃至少 {2} W）</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="80" />
            <source>{0}field {1} = {2} is outside its register (0-65535)</source>
            <translation>{0}字段 {1} = {2} 超出寄存器范围（0–65535）</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="88" />
            <source>{0}{1} must be a list of {2} whole numbers (one cycle)</source>
            <translation>{0}{1} 必须是 {2} 个整数组成的列表（一个周波）</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="90" />
            <source>{0}{1} must hold whole numbers (0.1 V or mA), as the meter sends them</source>
            <translation>{0}{1} 必须是整数（0.1 V 或 mA），与电表发送的一致</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="94" />
            <source>{0}{1} has samples outside the meter's registers (-32768..32767)</source>
            <translation>{0}{1} 有采样值超出电表寄存器范围（-32768..32767）</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="125" />
            <source>{0}the voltage cycle is (nearly) zero: the capture holds no supply</source>
            <translation>{0}电压周波（几乎）为零：录制中没有供电</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="128" />
            <source>{0}{1} is clipped (samples at the limit or a flat top): the meter's input saturated; capture again with the appliance alone on the bench</source>
            <translation>{0}{1} 被削顶（采样值达到极限或出现平顶）：电表输入饱和；请在测试台上只接该电器重新录制</translation>
        </message>
        <message>
            <location filename="../../app/loads/features.py" line="132" />
            <source>{0}no switch-on in the capture (step {1} W, a switch-on is at least {2} W): was the appliance already on when the capture was armed?</source>
            <translation>{0}录制中没有投入（阶跃 {1} W，投入至少 {2} W）：开始录制时电器是否已经开着？</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="123" />
            <source>{0}: not a valid appliance entry ({1})</source>
            <translation>{0}：不是有效的电器条目（{1}）</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="149" />
            <source>an appliance needs a name</source>
            <translation>电器需要一个名称</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="151" />
            <location filename="../../app/loads/library.py" line="170" />
            <source>the library already has an appliance named {0}</source>
            <translation>特征库中已有名为 {0} 的电器</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="154" />
            <source>the library holds its maximum of {0} appliances</source>
            <translation>特征库已达上限 {0} 种电器</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="180" />
            <source>no appliance {0} in the library</source>
            <translation>特征库中没有电器 {0}</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="195" />
            <source>{0}: not a DormWatt load library</source>
            <translation>{0}：不是 DormWatt 负载特征库</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="198" />
            <source>{0}: the file has no valid format version</source>
            <translation>{0}：文件没有有效的格式版本</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="200" />
            <source>{0}: written by a newer DormWatt (library format {1}; this version reads up to {2}); update DormWatt to read it</source>
            <translation>{0}：由更新版本的 DormWatt 写入（特征库格式 {1}；本版本最多读取 {2}）；请升级 DormWatt 后再读取</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="206" />
            <source>{0}: two appliances share a name or an id</source>
            <translation>{0}：有两种电器名称或编号相同</translation>
        </message>
        <message>
            <location filename="../../app/loads/library.py" line="224" />
            <location filename="../../app/loads/store.py" line="99" />
            <source>{0}: cannot be read as a library ({1})</source>
            <translation>{0}：无法作为特征库读取（{1}）</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="77" />
            <source>A load-control profile has settings for three branches.</source>
            <translation>负载控制方案包含三个支路的设置。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="82" />
            <source>Branch {0}: {1} must be {2} to {3}, not {4}.</source>
            <translation>支路 {0}：{1} 必须在 {2} 到 {3} 之间，而不是 {4}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="85" />
            <source>The suspect threshold is 20 to 32767 W.</source>
            <translation>可疑阈值为 20 到 32767 W。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="109" />
            <source>A profile name is 1 to 64 characters long.</source>
            <translation>方案名称长度为 1 到 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="115" />
            <source>There is already a load-control profile named “{0}”.</source>
            <translation>已有名为“{0}”的负载控制方案。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="125" />
            <source>There is no load-control profile {0}.</source>
            <translation>没有负载控制方案 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="127" />
            <source>The profile “{0}” is retired: it can no longer be changed.</source>
            <translation>方案“{0}”已停用：不能再修改。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="145" />
            <location filename="../../app/policies/policies.py" line="200" />
            <source>A reason is at most 255 characters long.</source>
            <translation>原因最多 255 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="147" />
            <source>Say why (for example “medical exemption”).</source>
            <translation>请说明原因（例如“医疗豁免”）。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="154" />
            <source>There is no load-control profile {0} in use.</source>
            <translation>没有在用的负载控制方案 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/profiles.py" line="172" />
            <source>There is no load-control assignment {0}.</source>
            <translation>没有负载控制分配 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/reports.py" line="84" />
            <source>the period ends before it starts</source>
            <translation>时段的结束日期早于开始日期</translation>
        </message>
        <message>
            <location filename="../../app/loads/store.py" line="47" />
            <source>The library was changed elsewhere (now version {0}); reopen it and make your change again.</source>
            <translation>特征库已在别处被修改（现为版本 {0}）；请重新打开后再修改。</translation>
        </message>
        <message>
            <location filename="../../app/loads/store.py" line="95" />
            <source>There is no library file {0}.</source>
            <translation>没有特征库文件 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/loads/store.py" line="112" />
            <source>No signature library has been saved yet: there is nothing to export.</source>
            <translation>尚未保存特征库：没有可导出的内容。</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="79" />
            <source>unknown alarm kind {0}</source>
            <translation>未知告警类型 {0}</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="116" />
            <source>Say what was done about the alarm.</source>
            <translation>请填写对该告警的处理情况。</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="120" />
            <source>No alarm {0}.</source>
            <translation>没有编号为 {0} 的告警。</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="122" />
            <source>That alarm was already acknowledged.</source>
            <translation>该告警已被确认过。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_electricity.py" line="221" />
            <source>Energy register {0}: {1} → {2} kWh; not billed.</source>
            <translation>电能读数异常（{0}）：{1} → {2} kWh；未计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_electricity.py" line="260" />
            <source>Ledger says {0}, meter says {1}.</source>
            <translation>账上余额 {0}，电表余额 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_water.py" line="88" />
            <source>Water register moved {0} → {1} L; not billed.</source>
            <translation>水表读数变化异常：{0} → {1} 升；未计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_water.py" line="112" />
            <source>The water valve reports a fault; water may still flow and is still billed.</source>
            <translation>水阀报告故障；仍可能有水流出，用水照常计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/building_policies.py" line="64" />
            <source>Give the water limit as an amount of money.</source>
            <translation>请以金额填写水费下限。</translation>
        </message>
        <message>
            <location filename="../../app/metering/building_policies.py" line="66" />
            <source>The water limit cannot be negative: electricity locks when the water balance falls below it.</source>
            <translation>水费下限不能为负：水费余额低于它时锁定用电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/building_policies.py" line="69" />
            <source>The water limit is at most {0}.</source>
            <translation>水费下限最多为 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/building_policies.py" line="73" />
            <location filename="../../app/metering/quota.py" line="344" />
            <source>No building {0}.</source>
            <translation>没有楼栋 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="102" />
            <location filename="../../app/metering/commissioning.py" line="249" />
            <location filename="../../app/metering/commissioning.py" line="293" />
            <location filename="../../app/metering/commissioning.py" line="414" />
            <location filename="../../app/metering/commissioning.py" line="552" />
            <source>There is no bus {0}.</source>
            <translation>没有总线 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="138" />
            <source>Give the bus's serial port or gateway address (e.g. /dev/ttyUSB0, socket://10.0.0.5:4196).</source>
            <translation>请给出总线的串口或网关地址（如 /dev/ttyUSB0、socket://10.0.0.5:4196）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="141" />
            <source>The port address is longer than 255 characters.</source>
            <translation>端口地址超过 255 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="145" />
            <source>The parity is N (none), E (even) or O (odd).</source>
            <translation>校验位为 N（无）、E（偶）或 O（奇）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="152" />
            <source>Bus {0} already uses the port {1}: one port carries one bus.</source>
            <translation>总线 {0} 已使用端口 {1}：一个端口只承载一条总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="158" />
            <source>A bus name is 1 to 64 characters long.</source>
            <translation>总线名称长度为 1 至 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="160" />
            <source>There is already a bus named “{0}”.</source>
            <translation>已有名为“{0}”的总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="212" />
            <source>The port {0} is in use by another program: {1}; close it, or choose another port.</source>
            <translation>端口 {0} 正被其他程序占用：{1}；请关闭该程序，或选择其他端口。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="214" />
            <source>The port {0} is in use by another program; close it, or choose another port.</source>
            <translation>端口 {0} 正被其他程序占用；请关闭该程序，或选择其他端口。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="217" />
            <source>There is no port {0} on this computer (is the adapter plugged in?).</source>
            <translation>本机没有端口 {0}（适配器是否已插好？）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="221" />
            <source>The gateway {0} did not accept a connection ({1}).</source>
            <translation>网关 {0} 未接受连接（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="223" />
            <location filename="../../app/metering/commissioning.py" line="225" />
            <source>The port {0} cannot be opened ({1}).</source>
            <translation>无法打开端口 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="258" />
            <source>Bus {0} carries {1} water meter(s), which speak 8N1 only: its parity must stay N.</source>
            <translation>总线 {0} 上有 {1} 块水表，水表只支持 8N1：校验位必须保持 N。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="302" />
            <location filename="../../app/metering/replacement.py" line="360" />
            <source>The meter kind is ddsy (electricity) or lxsy (water).</source>
            <translation>表计类型为 ddsy（电表）或 lxsy（水表）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="304" />
            <location filename="../../app/metering/commissioning.py" line="637" />
            <location filename="../../app/metering/replacement.py" line="218" />
            <source>A meter address is 1 to 247.</source>
            <translation>表计地址为 1 至 247。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="306" />
            <location filename="../../app/metering/replacement.py" line="383" />
            <source>A serial number is at most 32 characters long.</source>
            <translation>表号最多 32 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="317" />
            <source>Address {0} on bus {1} is already used by the {2} of {3}.</source>
            <translation>总线 {1} 上的地址 {0} 已被 {3} 的{2}使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="321" />
            <source>Room {0} already has an active {1} (address {2} on bus {3}).</source>
            <translation>房间 {0} 已有在用的{1}（总线 {3} 地址 {2}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="324" />
            <source>Water meters speak 8N1 only, and bus {0} runs with parity {1}.</source>
            <translation>水表只支持 8N1，而总线 {0} 的校验位为 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="358" />
            <source>A meter password is a number from 1 to 9999.</source>
            <translation>电表密码为 1 至 9999 的数字。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="507" />
            <source>Line {0} is run by {1}: disable the line, then scan it (the scan's requests and its polls would garble each other).</source>
            <translation>线路 {0} 正由 {1} 运行：请先禁用该线路再扫描（扫描请求与其轮询会相互干扰）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="530" />
            <source>The scan of line {0} stopped: {1}.</source>
            <translation>线路 {0} 的扫描已停止：{1}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="534" />
            <source>The scan of line {0} lost the line to another program and stopped.</source>
            <translation>线路 {0} 的扫描因线路被其他程序接管而停止。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="556" />
            <source>Line {0} still has {1} active meter(s): decommission or move them first.</source>
            <translation>线路 {0} 仍有 {1} 个在用表计：请先将其退役或迁移。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="644" />
            <source>{0} has no header row with the columns line, address, kind and room.</source>
            <translation>{0} 没有包含线路、地址、类型和房间列的表头行。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="670" />
            <source>there is no line named or on the port “{0}”.</source>
            <translation>没有名为“{0}”或使用该端口的线路。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="672" />
            <source>the line is empty.</source>
            <translation>线路为空。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="676" />
            <source>the kind is ddsy (electricity) or lxsy (water).</source>
            <translation>类型须为 ddsy（电表）或 lxsy（水表）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="689" />
            <source>address {0} on line {1} is already in row {2}.</source>
            <translation>线路 {1} 上的地址 {0} 已在第 {2} 行出现。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="693" />
            <source>room {0} already gets its {1} in row {2}.</source>
            <translation>房间 {0} 的{1}已在第 {2} 行分配。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="729" />
            <source>{0} was not imported: {1} row(s) have a problem. {2}</source>
            <translation>{0} 未导入：有 {1} 行存在问题。{2}</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="732" />
            <source>{0} lists no meters.</source>
            <translation>{0} 中没有列出任何表计。</translation>
        </message>
        <message>
            <location filename="../../app/metering/daily_readings.py" line="99" />
            <source>The period ends before it starts.</source>
            <translation>时段的结束早于开始。</translation>
        </message>
        <message>
            <location filename="../../app/metering/daily_readings.py" line="101" />
            <source>A period of readings can cover at most {0} days.</source>
            <translation>读数时段最多 {0} 天。</translation>
        </message>
        <message>
            <location filename="../../app/metering/daily_readings.py" line="103" />
            <source>The period cannot end after today.</source>
            <translation>时段不能晚于今天结束。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="163" />
            <source>Line {0} already runs at {1} baud.</source>
            <translation>线路 {0} 已经以 {1} 波特运行。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="167" />
            <source>Line {0} is run by {1}: disable the line first, then change its speed (its polls would not understand the meters while they change).</source>
            <translation>线路 {0} 正由 {1} 运行：请先停用该线路，再更改其速率（表计更改期间，其轮询将无法与表计通信）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="201" />
            <source>Line {0} now runs at {1} baud (it has no meters yet).</source>
            <translation>线路 {0} 现以 {1} 波特运行（该线路尚无表计）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="208" />
            <source>The change of line {0} was cancelled before anything was written: it still runs at {1} baud.</source>
            <translation>线路 {0} 的速率更改在写入任何内容之前已取消：该线路仍以 {1} 波特运行。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="214" />
            <source>The port of line {0} failed before its meters were changed ({1}); nothing was changed.</source>
            <translation>线路 {0} 的端口在更改表计之前出现故障（{1}）；未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="216" />
            <source>The port of line {0} failed while its meters were being changed ({1}): some may answer at {2} baud and others at {3}. Scan the line at each speed once the port works.</source>
            <translation>线路 {0} 的端口在更改表计期间出现故障（{1}）：部分表计可能以 {2} 波特应答，其余以 {3} 波特应答。端口恢复后，请以每种速率扫描该线路。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="242" />
            <source>Line {0} was taken by another program while it was being checked; nothing was changed.</source>
            <translation>线路 {0} 在检查期间被其他程序接管；未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="247" />
            <source>Line {0} was not changed: the meter(s) at {1} do not answer at {2} baud, and a meter left at the old speed would be lost to the line. Bring them back, or decommission them, then change the speed.</source>
            <translation>线路 {0} 未更改：地址 {1} 的表计不以 {2} 波特应答，而留在旧速率的表计将与线路失联。请先恢复这些表计或将其退役，再更改速率。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="290" />
            <source>Did not take {0} baud.</source>
            <translation>未接受 {0} 波特。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="298" />
            <source>Answers at {0} baud.</source>
            <translation>以 {0} 波特应答。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="300" />
            <source>Line {0} now runs at {1} baud: all {2} meter(s) answer at it.</source>
            <translation>线路 {0} 现以 {1} 波特运行：全部 {2} 块表均以此速率应答。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="310" />
            <source>Line {0} still runs at {1} baud, but the meter(s) at {2} could not be put back: see each meter, and set them to {3} baud on site.</source>
            <translation>线路 {0} 仍以 {1} 波特运行，但地址 {2} 的表计未能改回：请查看每块表的结果，并到现场将其设为 {3} 波特。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="314" />
            <source>The new speed of line {0} could not be recorded ({1}); its meters were put back to {2} baud.</source>
            <translation>未能记录线路 {0} 的新速率（{1}）；其表计已改回 {2} 波特。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="317" />
            <source>Line {0} was taken by another program during the change; the change was undone and it still runs at {1} baud.</source>
            <translation>线路 {0} 在更改期间被其他程序接管；更改已撤销，该线路仍以 {1} 波特运行。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="320" />
            <source>The change of line {0} was cancelled and undone: it still runs at {1} baud.</source>
            <translation>线路 {0} 的速率更改已取消并撤销：该线路仍以 {1} 波特运行。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="323" />
            <source>Line {0} still runs at {1} baud: not every meter took {2} baud, so the change was undone (see each meter).</source>
            <translation>线路 {0} 仍以 {1} 波特运行：并非所有表计都接受了 {2} 波特，因此更改已撤销（见每块表的结果）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="360" />
            <source>Answers at {0} baud: the change was undone for the whole line.</source>
            <translation>以 {0} 波特应答：整条线路的更改已撤销。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="364" />
            <source>{0} It answers at {1} baud.</source>
            <translation>{0}该表以 {1} 波特应答。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="366" />
            <source>Could not be put back: it answers at {0} baud only. Set it to {1} baud on site.</source>
            <translation>未能改回：该表只以 {0} 波特应答。请到现场将其设为 {1} 波特。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="369" />
            <source>Answers at neither {0} nor {1} baud: check it on site.</source>
            <translation>以 {0} 和 {1} 波特均不应答：请到现场检查。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="419" />
            <source>Answers at {0} baud, but as another kind of device (model code 0x{1}).</source>
            <translation>以 {0} 波特应答，但应答的是另一种设备（型号代码 0x{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="422" />
            <source>Answers at {0} baud, but refuses to be read (exception {1}).</source>
            <translation>以 {0} 波特应答，但拒绝读取（异常 {1}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="424" />
            <source>Answers at {0} baud, but its reply cannot be read ({1}).</source>
            <translation>以 {0} 波特应答，但其应答无法识读（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="425" />
            <source>Does not answer at {0} baud.</source>
            <translation>不以 {0} 波特应答。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="429" />
            <source>Refused the office's meter password, so it kept its speed.</source>
            <translation>拒绝了本办公室的表计密码，因此保持原速率。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="431" />
            <source>Its unlocking is blocked (five wrong passwords in a row), so it kept its speed.</source>
            <translation>其解锁已被封锁（连续五次密码错误），因此保持原速率。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="434" />
            <source>Refused the new speed (exception {0}).</source>
            <translation>拒绝了新速率（异常 {0}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="435" />
            <source>The new speed could not be written ({0}).</source>
            <translation>未能写入新速率（{0}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/line_speed.py" line="438" />
            <source>Answers at {0} baud; left unchanged.</source>
            <translation>以 {0} 波特应答；未作更改。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="94" />
            <source>Term {0} still has free quota out ({1} grant(s)); keep it in the calendar until it has ended and its quota has expired.</source>
            <translation>学期 {0} 仍有未到期的免费额度（{1} 笔）；请在其结束且额度到期前保留在校历中。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="264" />
            <location filename="../../app/metering/quota.py" line="266" />
            <source>“{0}” is not an amount in {1}.</source>
            <translation>“{0}”不是以 {1} 为单位的数量。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="269" />
            <source>“{0}” is finer than the meter counts; use at most {1} decimals.</source>
            <translation>“{0}”比表计精度更细；最多使用 {1} 位小数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="321" />
            <source>No quota rule {0}.</source>
            <translation>没有额度规则 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="323" />
            <source>This quota rule was already retired; it ended on {0}.</source>
            <translation>此额度规则已停用，结束于 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="341" />
            <source>Set the term calendar before adding a per-term quota.</source>
            <translation>请先设置学期日历，再添加按学期的配额。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="65" />
            <source>“{0}” is not a term key; write the year and the term, like 2026-T1.</source>
            <translation>“{0}”不是学期代码；请写年份和学期，如 2026-T1。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="67" />
            <source>Term {0} must start and end on dates, not times.</source>
            <translation>学期 {0} 的开始和结束必须是日期，而不是时间。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="69" />
            <source>Term {0} ends on {1}, before it starts on {2}.</source>
            <translation>学期 {0} 的结束日期 {1} 早于开始日期 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="74" />
            <source>Term {0} appears twice in the term calendar.</source>
            <translation>学期 {0} 在学期日历中出现了两次。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="79" />
            <source>Terms {0} and {1} overlap: {2} starts on {3}, before {4} ends on {5}.</source>
            <translation>学期 {0} 与 {1} 重叠：{2} 于 {3} 开始，早于 {4} 的结束日期 {5}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="102" />
            <location filename="../../app/metering/quota_periods.py" line="151" />
            <source>“{0}” is not a quota period; use month or term.</source>
            <translation>“{0}”不是配额周期；请使用 month（月）或 term（学期）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="111" />
            <source>“{0}” is not a month.</source>
            <translation>“{0}”不是有效的月份。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="116" />
            <source>“{0}” is neither a month like 2026-11 nor a term in the term calendar.</source>
            <translation>“{0}”既不是形如 2026-11 的月份，也不是学期日历中的学期。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="147" />
            <location filename="../../app/metering/quota_periods.py" line="225" />
            <source>“{0}” is not a utility; use electricity or water.</source>
            <translation>“{0}”不是能源类型；请使用 electricity（电）或 water（水）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="149" />
            <source>“{0}” is not a quota scope; use room or student.</source>
            <translation>“{0}”不是配额范围；请使用 room（房间）或 student（学生）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="159" />
            <source>{0} is a whole number of units, zero or more.</source>
            <translation>{0}必须是零或正整数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="189" />
            <source>The rule grants per {0}, but {1} is a {2}.</source>
            <translation>该规则按{0}发放，但 {1} 是{2}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="193" />
            <source>This rule does not carry unused quota over, so nothing can be carried in.</source>
            <translation>该规则不结转未用配额，因此无法转入。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="195" />
            <source>At most {0} may be carried over.</source>
            <translation>最多可结转 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="138" />
            <source>Type the reading in kWh as the meter shows it, e.g. 1234.56.</source>
            <translation>请按电表显示的读数以 kWh 填写，例如 1234.56。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="139" />
            <source>Type the reading in litres as the meter shows it, e.g. 1234.</source>
            <translation>请按水表显示的读数以升填写，例如 1234。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="141" />
            <location filename="../../app/metering/replacement.py" line="389" />
            <source>A meter reading is a number of 0 or more.</source>
            <translation>表计读数是不小于 0 的数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="145" />
            <source>An electricity reading has at most two decimals (0.01 kWh).</source>
            <translation>电表读数最多两位小数（0.01 kWh）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="146" />
            <source>A water reading is in whole litres.</source>
            <translation>水表读数以整升计。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="149" />
            <source>This reading is larger than a meter's register can hold.</source>
            <translation>该读数超出表计寄存器的范围。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="307" />
            <source>Say why the meter is taken out of service.</source>
            <translation>请说明停用该表的原因。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="309" />
            <source>The reason is at most 255 characters long.</source>
            <translation>原因最多 255 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="326" />
            <source>A purchase for this meter is still in the outbox (purchase {0}, {1}; {2} in all): take it out of service once they are delivered, or replace the meter instead.</source>
            <translation>该表仍有充值在待发队列中（充值 {0}，{1}；共 {2} 笔）：请在下发完成后再停用，或改为更换该表。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="329" />
            <source>A purchase for this meter is still in the outbox (purchase {0}; {1} in all): take it out of service once they are delivered, or replace the meter instead.</source>
            <translation>该表仍有充值在待发队列中（充值 {0}；共 {1} 笔）：请在下发完成后再停用，或改为更换该表。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="366" />
            <source>There is no electricity meter {0}.</source>
            <translation>没有电表 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="367" />
            <source>There is no water meter {0}.</source>
            <translation>没有水表 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="372" />
            <source>Every meter replacement needs an idempotency key.</source>
            <translation>每次换表都需要一个幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="381" />
            <source>Give the new meter's serial number (on its nameplate).</source>
            <translation>请填写新表的表号（见铭牌）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="407" />
            <source>The electricity meter {0} was already taken out of service on {1}.</source>
            <translation>电表 {0} 已于 {1} 停用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="408" />
            <source>The water meter {0} was already taken out of service on {1}.</source>
            <translation>水表 {0} 已于 {1} 停用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="463" />
            <source>The final reading {0} {1} is below the meter's last reading, {2} {3}.</source>
            <translation>最终读数 {0} {1} 低于该表上次读数 {2} {3}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="471" />
            <source>The final reading {0} {1} is {2} {3} above the last reading, more than a room can use in that time: check the digits.</source>
            <translation>最终读数 {0} {1} 比上次读数高出 {2} {3}，超过一个房间在这段时间内可能的用量：请核对数字。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="491" />
            <source>The serial number {0} is already in use by another active meter.</source>
            <translation>表号 {0} 已被另一个在用表计使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="494" />
            <source>The serial number {0} is already in use by the electricity meter of room {1}.</source>
            <translation>表号 {0} 已被房间 {1} 的电表使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="496" />
            <source>The serial number {0} is already in use by the water meter of room {1}.</source>
            <translation>表号 {0} 已被房间 {1} 的水表使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="510" />
            <source>Address {0} on this line is already used by another meter.</source>
            <translation>本线路上的地址 {0} 已被另一个表计使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="513" />
            <source>Address {0} on this line is already used by the electricity meter of room {1}.</source>
            <translation>本线路上的地址 {0} 已被房间 {1} 的电表使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="515" />
            <source>Address {0} on this line is already used by the water meter of room {1}.</source>
            <translation>本线路上的地址 {0} 已被房间 {1} 的水表使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/replacement.py" line="543" />
            <source>This idempotency key was already used for another meter operation.</source>
            <translation>该幂等键已用于另一次表计操作。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/command_runner.py" line="91" />
            <location filename="../../app/metering/runtime/commands.py" line="74" />
            <source>unknown meter command {0}</source>
            <translation>未知的电表命令 {0}</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="82" />
            <source>This room has no {0} meter.</source>
            <translation>该房间没有{0}表。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="84" />
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This room's meter is not on any line yet; assign it to a bus first.</source>
            <translation>该房间的电表尚未接入任何线路；请先分配到总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="106" />
            <source>Choose at least one branch to release.</source>
            <translation>请至少选择一个要复位的支路。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="129" />
            <source>No meter command {0}.</source>
            <translation>没有电表命令 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="173" />
            <source>The meter refused the configured password (wrong meter password). Credits for it wait until the password is corrected; it is not tried again, so the meter does not block unlocking.</source>
            <translation>电表拒绝了所配置的密码（电表密码错误）。该表的充值将等待密码更正后再下发；不会重试，以免电表锁定解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="245" />
            <source>The meter refused purchase {0}: {1}</source>
            <translation>电表拒绝了购电 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="249" />
            <source>The meter refused purchase {0}: {1}. The share of {2} that {3} was to take to their new room did not move: it stays in this room's account; refund it at the counter.</source>
            <translation>电表拒绝了购电记录 {0}：{1}。{3} 应带往新房间的 {2} 未转移：仍留在本房间账户中，请在柜台退款。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="255" />
            <source>The meter refused purchase {0}: {1}. The refund of {2} to {3} was not paid: the money stays in the room's account; pay it with a new refund once settled.</source>
            <translation>电表拒绝了购电记录 {0}：{1}。给 {3} 的退款 {2} 未支付：钱仍在房间账户中，核实后请重新办理退款。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="309" />
            <source>Purchase sequence {0} on the meter holds {1}, not purchase {2} ({3}); it is sent again with the next sequence.</source>
            <translation>电表上的购电序号 {0} 对应的是 {1}，而非购电 {2}（{3}）；将以下一个序号重新下发。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/runtime.py" line="217" />
            <source>room {0} has no {1} meter on a running bus</source>
            <translation>房间 {0} 在运行中的总线上没有{1}表</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="71" />
            <location filename="../../app/metering/tariffs.py" line="73" />
            <source>“{0}” is not a price.</source>
            <translation>“{0}”不是有效的单价。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="76" />
            <source>“{0}” has more than four decimals.</source>
            <translation>“{0}”的小数超过四位。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="78" />
            <source>“{0}” is above the meter's highest price.</source>
            <translation>“{0}”高于电表允许的最高单价。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="98" />
            <location filename="../../app/metering/tariffs.py" line="111" />
            <source>Unknown utility “{0}”.</source>
            <translation>未知能源类型“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="100" />
            <source>A unit price is a whole number of 0.0001 CNY between 0 and 99,999,999.</source>
            <translation>单价必须是 0 到 99,999,999 之间、以 0.0001 元为单位的整数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="118" />
            <source>A price must be above zero: a free utility is a quota rule, not a tariff.</source>
            <translation>价格必须大于零：免费用量请设置额度规则，而不是价格。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="121" />
            <source>Give the first day of the price.</source>
            <translation>请填写价格的生效日。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="124" />
            <source>A price cannot start in the past ({0}): billing has already charged those days. Start it today ({1}) or later.</source>
            <translation>价格不能从过去的日期（{0}）开始：那些天已经计费。请从今天（{1}）或以后开始。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="136" />
            <source>A {0} price already starts on {1}; choose a later date.</source>
            <translation>已有一个{0}价格从 {1} 开始生效；请选择更晚的日期。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="182" />
            <source>No {0} price is in force on {1}.</source>
            <translation>{1} 没有生效的{0}价格。</translation>
        </message>
        <message>
            <location filename="../../app/metering/usage_alarms.py" line="73" />
            <source>A usage threshold cannot be negative.</source>
            <translation>用量阈值不能为负。</translation>
        </message>
        <message>
            <location filename="../../app/metering/usage_alarms.py" line="75" />
            <source>The jump factor must be more than 1 (3 means three times the usual day).</source>
            <translation>骤增倍数必须大于 1（3 表示平时的三倍）。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="67" />
            <source>A password cannot be blank.</source>
            <translation>密码不能为空。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="69" />
            <source>A password needs at least {0} characters.</source>
            <translation>密码至少需要 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="101" />
            <source>A login name is required.</source>
            <translation>必须填写登录名。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="103" />
            <source>This is too long: at most 64 characters.</source>
            <translation>内容过长：最多 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="106" />
            <location filename="../../app/operators.py" line="237" />
            <source>Unknown role “{0}”: choose clerk, technician or admin.</source>
            <translation>未知角色“{0}”：请选择收费员、技术员或管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="112" />
            <source>The first operator of a new store must be an administrator.</source>
            <translation>新数据库的第一位操作员必须是管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="115" />
            <source>Log in as an administrator to add operators.</source>
            <translation>请以管理员身份登录后再添加操作员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="118" />
            <source>The login “{0}” is already taken.</source>
            <translation>登录名“{0}”已被占用。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="195" />
            <source>Too many failed logins: this login is locked until {0}. Try again then, or ask an administrator to set a new password.</source>
            <translation>登录失败次数过多：此账号已锁定至 {0}。请届时再试，或请管理员重新设置密码。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="199" />
            <source>Wrong login name or password.</source>
            <translation>登录名或密码错误。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="201" />
            <source>The operator “{0}” is deactivated.</source>
            <translation>操作员“{0}”已停用。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="212" />
            <location filename="../../app/operators.py" line="298" />
            <source>No operator with id {0}.</source>
            <translation>没有编号为 {0} 的操作员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="230" />
            <source>“{0}” is the last active administrator: make another operator an administrator first.</source>
            <translation>“{0}”是最后一名在用的管理员：请先将另一名操作员设为管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="250" />
            <source>You cannot deactivate yourself.</source>
            <translation>不能停用自己的账号。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="285" />
            <source>Change your own password with “Change my password”: it asks for the current one.</source>
            <translation>请用“修改我的密码”修改自己的密码：需要输入当前密码。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="293" />
            <source>The system has no password to change.</source>
            <translation>系统账户没有可修改的密码。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="300" />
            <source>The current password is wrong.</source>
            <translation>当前密码不正确。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="303" />
            <source>The new password is the one you have now: choose another.</source>
            <translation>新密码与当前密码相同：请另选一个。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="335" />
            <source>The system does not log in.</source>
            <translation>系统账户不登录。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="107" />
            <source>A term needs a name.</source>
            <translation>学期需要名称。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="109" />
            <source>Term “{0}” ends before it starts.</source>
            <translation>学期“{0}”的结束日期早于开始日期。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="114" />
            <source>A holiday needs a name.</source>
            <translation>节假日需要名称。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="116" />
            <source>Holiday “{0}” ends before it starts.</source>
            <translation>节假日“{0}”的结束日期早于开始日期。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="118" />
            <source>Holiday “{0}” is neither a day off nor a swapped working day.</source>
            <translation>节假日“{0}”既不是放假日也不是调休上班日。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="123" />
            <source>The rest days are a set of weekdays (a mask from 0 to 0x7F).</source>
            <translation>休息日是一组星期几（掩码范围 0 到 0x7F）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="201" />
            <source>The holiday file is larger than 1 MB.</source>
            <translation>节假日文件超过 1 MB。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="204" />
            <source>The holiday file is empty.</source>
            <translation>节假日文件是空的。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="212" />
            <source>The holiday file is neither JSON nor CSV.</source>
            <translation>节假日文件既不是 JSON 也不是 CSV。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="214" />
            <source>The holiday file lists no holidays.</source>
            <translation>节假日文件中没有任何节假日。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="224" />
            <source>The holiday file is neither UTF-8 nor GBK text.</source>
            <translation>节假日文件既不是 UTF-8 也不是 GBK 编码的文本。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="231" />
            <source>The holiday file is not valid JSON (line {0}).</source>
            <translation>节假日文件不是有效的 JSON（第 {0} 行）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="233" />
            <source>The holiday file needs a “holidays” list.</source>
            <translation>节假日文件需要一个“holidays”列表。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="236" />
            <source>The holiday file's source must be a name of 1 to 64 characters.</source>
            <translation>节假日文件的来源（source）必须是 1 到 64 个字符的名称。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="241" />
            <source>{0}: not an object with name, first_day, last_day and kind.</source>
            <translation>{0}：不是包含 name、first_day、last_day 和 kind 的对象。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="252" />
            <source>{0}: the header lacks the column(s) {1} (name,first_day,last_day,kind).</source>
            <translation>{0}：表头缺少列 {1}（应为 name,first_day,last_day,kind）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="261" />
            <source>{0}: {1} of {2} columns.</source>
            <translation>{0}：只有 {1} 列，应有 {2} 列。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="268" />
            <source>{0}: the name must be 1 to 64 characters.</source>
            <translation>{0}：名称必须为 1 到 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="271" />
            <source>{0}: “{1}” ends before it starts.</source>
            <translation>{0}：“{1}”的结束日期早于开始日期。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="273" />
            <source>{0}: the kind “{1}” is neither off nor work.</source>
            <translation>{0}：类型“{1}”既不是 off 也不是 work。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="283" />
            <source>{0}: “{1}” is not a date (write 2026-10-01).</source>
            <translation>{0}：“{1}”不是日期（请写成 2026-10-01）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar_admin.py" line="141" />
            <source>There is already a term called “{0}”.</source>
            <translation>已有名为“{0}”的学期。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar_admin.py" line="156" />
            <source>Term {0} does not exist.</source>
            <translation>学期 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar_admin.py" line="184" />
            <source>Holiday {0} does not exist.</source>
            <translation>节假日 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar_admin.py" line="198" />
            <source>The source “campus” is kept for holidays entered by hand; give the file another source.</source>
            <translation>来源“campus”保留给手工录入的节假日；请为文件指定其他来源。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar_admin.py" line="213" />
            <source>A name has at most 64 characters.</source>
            <translation>名称最多 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="101" />
            <source>A policy name is 1 to 64 characters long.</source>
            <translation>策略名称长度为 1 到 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="114" />
            <source>There is already a policy named “{0}”.</source>
            <translation>已有名为“{0}”的策略。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="124" />
            <location filename="../../app/policies/policies.py" line="148" />
            <location filename="../../app/policies/policies.py" line="223" />
            <source>There is no policy {0}.</source>
            <translation>不存在策略 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="126" />
            <source>The policy “{0}” is retired: it can no longer be changed.</source>
            <translation>策略“{0}”已停用，不能再修改。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="153" />
            <source>The policy “{0}” is still assigned to {1}: remove those assignments before retiring it.</source>
            <translation>策略“{0}”仍分配给 {1}：请先移除这些分配再停用。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="168" />
            <source>Choose where the policy applies: the campus, a building, a floor or a room.</source>
            <translation>请选择策略的适用范围：全校、楼栋、楼层或房间。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="175" />
            <source>There is no room {0}.</source>
            <translation>不存在房间 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="184" />
            <source>{0} has {1} floor(s): choose a floor from 1 to {2}.</source>
            <translation>{0} 共有 {1} 层：请选择 1 到 {2} 层。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="190" />
            <source>Give both the first and the last day of the date range, or neither.</source>
            <translation>请同时填写日期范围的开始日和结束日，或都不填。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="193" />
            <source>The last day ({0}) is before the first day ({1}).</source>
            <translation>结束日（{0}）早于开始日（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="202" />
            <source>Say why this exemption is granted (for example “graduate floor”).</source>
            <translation>请说明豁免的原因（例如“研究生楼层”）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="204" />
            <source>Say why this room has its own assignment (for example “medical exemption”).</source>
            <translation>请说明该房间单独分配的原因（例如“医疗豁免”）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="225" />
            <source>The policy “{0}” is retired: choose another one.</source>
            <translation>策略“{0}”已停用：请选择其他策略。</translation>
        </message>
        <message>
            <location filename="../../app/policies/policies.py" line="246" />
            <source>There is no assignment {0}.</source>
            <translation>不存在分配 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/policies/push.py" line="90" />
            <source>No such building.</source>
            <translation>没有这栋楼。</translation>
        </message>
        <message>
            <location filename="../../app/policies/push.py" line="114" />
            <location filename="../../app/policies/push.py" line="132" />
            <source>No such push.</source>
            <translation>没有这次推送。</translation>
        </message>
        <message>
            <location filename="../../app/policies/push.py" line="116" />
            <source>This push has already finished.</source>
            <translation>这次推送已经结束。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="203" />
            <source>minute {0} is outside 0..1439</source>
            <translation>分钟数 {0} 不在 0..1439 范围内</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="83" />
            <source>A report period is given as two dates.</source>
            <translation>报表时段须以两个日期给出。</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="85" />
            <source>The period ends ({0}) before it starts ({1}).</source>
            <translation>时段的结束（{0}）早于开始（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="92" />
            <source>{0}-{1} is not a month a report can cover.</source>
            <translation>{0}-{1} 不是报表可以涵盖的月份。</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="105" />
            <source>The campus time zone changed its offset within the period; report it in parts.</source>
            <translation>校园时区在该时段内改变了时差；请分段出报表。</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="342" />
            <source>A ranking is by {0}, not “{1}”.</source>
            <translation>排名依据为 {0}，而不是“{1}”。</translation>
        </message>
        <message>
            <location filename="../../app/reports/data.py" line="771" />
            <source>The billing interval is a number of seconds above zero.</source>
            <translation>计费间隔须为大于零的秒数。</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="65" />
            <source>a column kind is one of {0}, not {1}</source>
            <translation>列类型须为 {0} 之一，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="90" />
            <source>a {0} cell takes an int, not {1}</source>
            <translation>{0} 单元格须为整数，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="107" />
            <source>a {0} cell takes a number, not {1}</source>
            <translation>{0} 单元格须为数字，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="111" />
            <source>a datetime cell takes an aware datetime</source>
            <translation>日期时间单元格须为带时区的日期时间</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="115" />
            <source>a date cell takes a date</source>
            <translation>日期单元格须为日期</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="346" />
            <source>The spreadsheet writer “{0}” is not installed here.</source>
            <translation>本机未安装电子表格写入程序“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/reports/xlsx.py" line="400" />
            <source>unknown takings part {0}</source>
            <translation>未知的收款分项 {0}</translation>
        </message>
        <message>
            <location filename="../../app/sync/change_log.py" line="53" />
            <source>an origin is 1 to {0} characters, not {1}</source>
            <translation>来源名称为 1 至 {0} 个字符，而非 {1}</translation>
        </message>
        <message>
            <location filename="../../app/sync/follower.py" line="87" />
            <source>a follower starts once</source>
            <translation>跟随器只能启动一次</translation>
        </message>
        <message>
            <location filename="../../app/sync/lease_keeper.py" line="89" />
            <source>the keeper must renew more often than its leases run out</source>
            <translation>租约守护必须在租约到期前续约</translation>
        </message>
        <message>
            <location filename="../../app/sync/lease_keeper.py" line="117" />
            <source>a lease keeper starts once</source>
            <translation>租约守护只能启动一次</translation>
        </message>
        <message>
            <location filename="../../app/sync/leases.py" line="59" />
            <source>an owner is 1 to 128 characters, not {0}</source>
            <translation>持有者名称为 1 至 128 个字符，而非 {0}</translation>
        </message>
        <message>
            <location filename="../../app/sync/leases.py" line="61" />
            <source>a lease lasts a positive time</source>
            <translation>租约时长必须为正</translation>
        </message>
        <message>
            <location filename="../../db/base.py" line="33" />
            <source>naive datetime given to a UTC column</source>
            <translation>UTC 列收到了不带时区的时间</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="68" />
            <source>no store at {0}{1}</source>
            <translation>{0} 处没有数据库{1}</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="137" />
            <source>Another workstation was changing the same records at the same moment; nothing was saved. Try again.</source>
            <translation>另一台工作站正在同时修改相同的记录；未保存任何内容。请重试。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="140" />
            <source>The database is read-only; nothing was saved. You can look but not change anything: ask the administrator for write access to the database.</source>
            <translation>数据库为只读；未保存任何内容。您可以查看，但不能更改：请向管理员申请数据库的写入权限。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="143" />
            <source>A number or text is too large for the database to store; nothing was saved. Check the amounts and texts you entered.</source>
            <translation>数字或文字过大，数据库无法保存；未保存任何内容。请检查您输入的金额和文字。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="146" />
            <source>The database cannot store one of the values given; nothing was saved. Check what you entered.</source>
            <translation>数据库无法保存所给的某个值；未保存任何内容。请检查您输入的内容。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="149" />
            <source>The database is locked by another program; nothing was saved. Try again.</source>
            <translation>数据库被其他程序锁定；未保存任何内容。请重试。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="152" />
            <source>The database cannot be reached; nothing was saved. ({0})</source>
            <translation>无法连接数据库；未保存任何内容。（{0}）</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="154" />
            <source>The database refused the change; nothing was saved. ({0})</source>
            <translation>数据库拒绝了此次修改；未保存任何内容。（{0}）</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>An illegal appliance was detected on branch {0}; the branch is off.</source>
            <translation>{0}回路检测到违规电器；该回路已断电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>Over-power on branch {0}; the branch tripped.</source>
            <translation>{0}回路功率超限；该回路已跳闸。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>The air conditioner was unplugged; branch {0} is off.</source>
            <translation>空调插头已拔出；{0}回路已断电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>Too much power during lights-off on branch {0}; it tripped.</source>
            <translation>熄灯期间{0}回路功率过大；已跳闸。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>Branch {0} is locked out after repeated trips; release it at the counter.</source>
            <translation>{0}回路多次跳闸后已锁定；请到柜台解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="121" />
            <source>The meter blocked unlocking after wrong passwords.</source>
            <translation>多次密码错误后，电表已禁止解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="35" />
            <source>lighting</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="35" />
            <source>sockets</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="35" />
            <source>air conditioning</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="35" />
            <source>meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="134" />
            <source>The room is in arrears: {0}.</source>
            <translation>房间已欠费：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="134" />
            <source>The balance is about to run out: {0}.</source>
            <translation>余额即将用完：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="134" />
            <source>The balance is low: {0}.</source>
            <translation>余额不足：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="141" />
            <source>The electricity meter stopped answering.</source>
            <translation>电表已停止应答。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="32" />
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="32" />
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="316" />
            <source>the meter refused the amount (a negative credit larger than what the meter holds, or a bad record)</source>
            <translation>电表拒绝了该金额（扣减金额大于电表内余额，或记录有误）</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="316" />
            <source>the meter's writes are locked (wrong or missing password)</source>
            <translation>电表写入已锁定（密码错误或缺失）</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="52" />
            <source>electricity meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="52" />
            <source>water meter</source>
            <translation>水表</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>At most 8 off periods per table; this one has {0}.</source>
            <translation>每张时段表最多 8 个断电时段；此表有 {0} 个。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>Period {0} starts outside 00:00–23:59.</source>
            <translation>时段 {0} 的开始时间不在 00:00–23:59 之内。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>Period {0} ends outside 00:00–23:59; a period until midnight ends at 00:00.</source>
            <translation>时段 {0} 的结束时间不在 00:00–23:59 之内；到午夜结束的时段请填 00:00。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>Period {0} is empty: it starts and ends at {1}.</source>
            <translation>时段 {0} 为空：开始和结束都是 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>Periods {0} ({1}) and {2} ({3}) overlap.</source>
            <translation>时段 {0}（{1}）与时段 {2}（{3}）重叠。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>The low-power limit must be 1–5000 W.</source>
            <translation>低功率限值须为 1–5000 W。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>The low-power delay must be 1–600 s.</source>
            <translation>低功率延时须为 1–600 秒。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>The standby threshold must be 1–1000 mA.</source>
            <translation>待机阈值须为 1–1000 mA。</translation>
        </message>
        <message>
            <location filename="../../app/policies/schedule.py" line="62" />
            <source>The standby delay must be 1–600 s.</source>
            <translation>待机延时须为 1–600 秒。</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>in force</source>
            <translation>生效中</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>from {0}</source>
            <translation>自 {0} 起</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>ended {0}</source>
            <translation>已于 {0} 结束</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>overridden by the building's assignment</source>
            <translation>被楼栋的分配覆盖</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>overridden by the floor's assignment</source>
            <translation>被楼层的分配覆盖</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>overridden by the room's assignment</source>
            <translation>被房间的分配覆盖</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>overridden by the assignment for {0} – {1}</source>
            <translation>被 {0} – {1} 的分配覆盖</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="29" />
            <source>overridden by a newer assignment</source>
            <translation>被较新的分配覆盖</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="40" />
            <source>Campus</source>
            <translation>全校</translation>
        </message>
        <message>
            <location filename="../../app/policies/inheritance.py" line="40" />
            <source>{0} floor {1}</source>
            <translation>{0} {1} 层</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="60" />
            <source>No term is set: the meters treat {0} to {1} as one term (“all year”), so official holidays still apply.</source>
            <translation>未设置学期：电表把 {0} 至 {1} 当作一个学期（“全年”），法定节假日照常生效。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="60" />
            <source>Between terms: the meters treat every day before {0} as a holiday (the next term starts then).</source>
            <translation>学期之间：电表把 {0} 之前的每一天都当作假日（下一学期从那天开始）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="60" />
            <source>{0} holiday range(s) beyond the meter's 16 are not sent yet; they are sent once earlier ones have passed (the calendar is pushed again every day).</source>
            <translation>超出电表 16 段上限的 {0} 个假期区间暂未下发；待较早的区间过去后再下发（日历每天重新推送）。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="60" />
            <source>{0} is a swapped working day: the meters treat it as a workday from the day before.</source>
            <translation>{0} 是调休上班日：电表从前一天起把它当作工作日。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="60" />
            <source>{0} is a swapped working day inside a holiday range: it changes nothing.</source>
            <translation>{0} 是调休上班日，但落在假期区间内：不产生任何变化。</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="71" />
            <source>Line {0}</source>
            <translation>第 {0} 行</translation>
        </message>
        <message>
            <location filename="../../app/policies/calendar.py" line="71" />
            <source>Entry {0}</source>
            <translation>第 {0} 项</translation>
        </message>
        <message>
            <location filename="../../app/loads/watch.py" line="51" />
            <source>DormWatt identified {0} on branch {1} (the meter let it through); the branch is off.</source>
            <translation>DormWatt 在{1}支路识别出 {0}（电表未拦截）；该支路已断电。</translation>
        </message>
        <message>
            <location filename="../../app/loads/watch.py" line="51" />
            <source>The meter tripped {0} on branch {1}, an allowed appliance; consider a whitelist entry for this room.</source>
            <translation>电表在{1}支路跳闸了白名单电器 {0}；可考虑为该房间添加白名单条目。</translation>
        </message>
        <message>
            <location filename="../../app/loads/watch.py" line="51" />
            <source>The meter tripped {0} on branch {1}, an allowed appliance; the branch was released automatically.</source>
            <translation>电表在{1}支路跳闸了白名单电器 {0}；该支路已自动恢复。</translation>
        </message>
        <message>
            <location filename="../../app/loads/watch.py" line="51" />
            <source>An appliance DormWatt does not know switched on on branch {0} ({1} W).</source>
            <translation>{0}支路投入了一个 DormWatt 不认识的电器（{1} W）。</translation>
        </message>
        <message>
            <location filename="../../app/loads/watch.py" line="64" />
            <source>DormWatt switched branch {0} off: a {1} W load drew current on one half-cycle only, which no permitted appliance does (a hair dryer on low, a cheap induction cooker).</source>
            <translation>DormWatt 已断开{0}支路：一个 {1} W 的负载只在半个周波上取电，允许使用的电器都不会这样（如低档吹风机、廉价电磁炉）。</translation>
        </message>
        <message>
            <location filename="../../app/loads/slots.py" line="47" />
            <source>all {0} slots went to entries the meter needs more (allowed appliances the resistive rule would trip, blocked ones it would let through)</source>
            <translation>全部 {0} 个特征槽已分配给电表更需要的条目（会被阻性规则误跳的允许电器、会被放过的禁止电器）</translation>
        </message>
        <message>
            <location filename="../../app/loads/slots.py" line="47" />
            <source>all {0} slots went to entries of a narrower scope or a higher priority</source>
            <translation>全部 {0} 个特征槽已分配给范围更小或优先级更高的条目</translation>
        </message>
        <message>
            <location filename="../../app/loads/slots.py" line="47" />
            <source>its box would also let blocked appliances through ({0}) on every meter of its scope; give it a room scope where it is registered</source>
            <translation>其匹配区间会在适用范围内的每块电表上同时放行禁止电器（{0}）；请将其范围设为登记所在的房间</translation>
        </message>
        <message>
            <location filename="../../app/loads/slots.py" line="47" />
            <source>its box would also trip allowed appliances ({0}) that the meter otherwise lets through; the host matcher watches for it instead</source>
            <translation>其特征框也会使允许的电器（{0}）跳闸，而电表本会放行它们；改由主机匹配器监视</translation>
        </message>
        <message>
            <location filename="../../app/metering/usage_alarms.py" line="151" />
            <source>{0} used {1} on {2} with nobody living in it (more than {3} a day).</source>
            <translation>{0} 在 {2} 无人居住却用电 {1}（超过每天 {3}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/usage_alarms.py" line="151" />
            <source>{0} used {1} on {2}, a holiday ({3}) (more than {4} a day).</source>
            <translation>{0} 在假日 {2}（{3}）用电 {1}（超过每天 {4}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/usage_alarms.py" line="151" />
            <source>{0} used {1} on {2}, more than {3} times its usual {4} a day (median of {5} days).</source>
            <translation>{0} 在 {2} 用电 {1}，超过平时每天 {4} 的 {3} 倍（{5} 天的中位数）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/forecast.py" line="68" />
            <source>Not enough history: fewer than 3 days of use while someone lived in the room.</source>
            <translation>历史不足：有人居住期间的用电记录少于 3 天。</translation>
        </message>
        <message>
            <location filename="../../app/metering/forecast.py" line="68" />
            <source>No consumption in the last 14 days.</source>
            <translation>近 14 天没有用电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/forecast.py" line="68" />
            <source>No price is set, so the balance cannot be turned into days.</source>
            <translation>未设置电价，无法把余额折算成天数。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>There is no such room.</source>
            <translation>没有这个房间。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This room has no electricity meter.</source>
            <translation>该房间没有电表。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This room has no water meter.</source>
            <translation>此房间没有水表。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This room's meter is on a line that is switched off; nobody would carry the command out.</source>
            <translation>该房间的电表所在线路已停用，命令无人执行。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>The batch was cancelled before this room.</source>
            <translation>批量操作在处理到该房间之前已取消。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>Already asked for by this batch; not asked again.</source>
            <translation>本批次已发出过该请求，不再重复发送。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>Already granted by this batch; not posted again.</source>
            <translation>本批次已发放过，不再重复入账。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>This building has a prepaid policy: billing sets the lock back to what the water balance says at the room's next water reading.</source>
            <translation>该楼栋设有预付费策略：房间下次抄水表时，计费会按水费余额重新设置联动锁。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>A one-off grant: it does not expire at the end of a quota period.</source>
            <translation>一次性发放：不会在额度周期结束时过期。</translation>
        </message>
        <message>
            <location filename="../../app/batch/operations.py" line="120" />
            <source>A one-off grant does not expire, but this room is under an electricity quota rule without carry-over: when that rule's period ends, the meter clears all the free energy left, this grant's included.</source>
            <translation>一次性发放不会过期，但此房间适用一条不结转的用电额度规则：该规则周期结束时，电表会清除剩余的全部免费电量，包括本次发放的部分。</translation>
        </message>
    </context>
</TS>
